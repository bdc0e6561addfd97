package dev.encore.media.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code file} field of a {@code multipart/form-data} body (RFC 7578) and streams its content, without
 * buffering the part in memory or on disk first (Jersey's multipart support spools large parts to temporary files,
 * which would write every upload twice). Other fields before it are skipped.
 */
final class MultipartFilePart {

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEADERS = 16 * 1024;
    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]+))");
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary\\s*=\\s*(?:\"([^\"]+)\"|([^;\\s]+))");

    private final InputStream in;
    /** {@code CRLF--boundary}: the delimiter that ends every part's content. */
    private final byte[] delimiter;
    private final byte[] buffer = new byte[BUFFER];
    private int start;
    private int end;
    private boolean eof;

    private MultipartFilePart(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // The first delimiter has no CRLF before it when there is no preamble: pretend there was one.
        buffer[0] = '\r';
        buffer[1] = '\n';
        end = 2;
    }

    /** The boundary parameter of a {@code multipart/form-data} content type, if it has one. */
    static Optional<String> boundary(String contentType) {
        Matcher matcher = BOUNDARY.matcher(contentType);
        return matcher.find() ? Optional.of(matcher.group(1) != null ? matcher.group(1) : matcher.group(2))
                : Optional.empty();
    }

    /** The {@code file} part: its declared content type (or null) and a stream of exactly its bytes. */
    record Part(String contentType, InputStream content) {
    }

    /** @return empty when the body has no {@code file} field */
    static Optional<Part> find(InputStream body, String boundary, String field) throws IOException {
        return new MultipartFilePart(body, boundary).find(field);
    }

    private Optional<Part> find(String field) throws IOException {
        if (!skipToDelimiter()) {
            return Optional.empty();
        }
        while (true) {
            // After a delimiter: "--" ends the body, CRLF starts another part (transport padding ignored).
            if (!fill(2)) {
                return Optional.empty();
            }
            if (buffer[start] == '-' && buffer[start + 1] == '-') {
                return Optional.empty();
            }
            String headers = readHeaders();
            String name = null;
            String type = null;
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (header.equals("content-disposition")) {
                    Matcher matcher = NAME.matcher(value);
                    if (matcher.find()) {
                        name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                    }
                } else if (header.equals("content-type")) {
                    type = value;
                }
            }
            if (field.equals(name)) {
                return Optional.of(new Part(type, new PartStream()));
            }
            if (!skipToDelimiter()) {
                return Optional.empty();
            }
        }
    }

    /** Reads the rest of the delimiter line and the part's headers up to the blank line. */
    private String readHeaders() throws IOException {
        StringBuilder headers = new StringBuilder();
        byte[] terminator = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        // The delimiter line ends with CRLF, which also starts the header block; an empty block is "\r\n\r\n".
        while (true) {
            if (!fill(4)) {
                throw new IOException("multipart body ended inside part headers");
            }
            int found = indexOf(terminator, start, end);
            if (found >= 0) {
                headers.append(new String(buffer, start, found - start, StandardCharsets.UTF_8));
                start = found + 4;
                return headers.toString();
            }
            int keep = end - 3;
            headers.append(new String(buffer, start, keep - start, StandardCharsets.UTF_8));
            start = keep;
            if (headers.length() > MAX_HEADERS) {
                throw new IOException("multipart part headers too long");
            }
        }
    }

    /** Discards content up to and including the next delimiter; false when the body ends first. */
    private boolean skipToDelimiter() throws IOException {
        while (true) {
            int found = indexOf(delimiter, start, end);
            if (found >= 0) {
                start = found + delimiter.length;
                return true;
            }
            start = Math.max(start, end - delimiter.length + 1);
            if (!more()) {
                return false;
            }
        }
    }

    /** Ensures {@code count} unread bytes are buffered; false at the end of the body. */
    private boolean fill(int count) throws IOException {
        while (end - start < count) {
            if (!more()) {
                return false;
            }
        }
        return true;
    }

    /** Compacts the buffer and reads more; false at the end of the body. */
    private boolean more() throws IOException {
        if (eof) {
            return false;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
            eof = true;
            return false;
        }
        end += read;
        return true;
    }

    private int indexOf(byte[] pattern, int from, int to) {
        outer:
        for (int i = from; i <= to - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buffer[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The part's bytes; ends at the delimiter, and fails if the body ends before it (a cut-off upload). */
    private final class PartStream extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int read = read(one, 0, 1);
            return read < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            while (true) {
                int found = indexOf(delimiter, start, end);
                // Bytes before a possible delimiter start are content; the tail may be the start of one.
                int safeEnd = found >= 0 ? found : Math.max(start, end - delimiter.length + 1);
                if (safeEnd > start) {
                    int count = Math.min(length, safeEnd - start);
                    System.arraycopy(buffer, start, target, offset, count);
                    start += count;
                    return count;
                }
                if (found >= 0) {
                    done = true;
                    return -1;
                }
                if (!more()) {
                    throw new IOException("multipart body ended before the end of the file part");
                }
            }
        }
    }

    @Override
    public String toString() {
        return "MultipartFilePart" + Arrays.toString(delimiter);
    }
}
