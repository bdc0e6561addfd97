package dev.encore.media.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import dev.encore.media.storage.StoredBlob;

/**
 * The body of a 200 or 206 response: bytes copied straight from the stored file, never a whole-file read. Several
 * ranges become {@code multipart/byteranges} laid out as nginx lays them out, with the exact length known up front so
 * the response carries {@code Content-Length}.
 */
final class PartialBody {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The size of the first write, which Helidon copies into one buffer together with the response headers. */
    private static final int HEAD = 4096;
    /** What is copied through the output stream when the socket takes nothing now; that write waits for room. */
    private static final int WAIT_CHUNK = 64 * 1024;

    private final StoredBlob blob;
    private final List<ByteRange> ranges;
    private final String contentType;
    private final String boundary;

    private PartialBody(StoredBlob blob, List<ByteRange> ranges, String contentType, String boundary) {
        this.blob = blob;
        this.ranges = ranges;
        this.contentType = contentType;
        this.boundary = boundary;
    }

    static PartialBody whole(StoredBlob blob, String contentType) {
        return new PartialBody(blob, List.of(new ByteRange(0, Math.max(0, blob.size() - 1))), contentType, null);
    }

    static PartialBody single(StoredBlob blob, ByteRange range, String contentType) {
        return new PartialBody(blob, List.of(range), contentType, null);
    }

    static PartialBody multipart(StoredBlob blob, List<ByteRange> ranges, String contentType) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return new PartialBody(blob, ranges, contentType, HexFormat.of().formatHex(random));
    }

    boolean isMultipart() {
        return boundary != null;
    }

    String mediaType() {
        return boundary == null ? contentType : "multipart/byteranges; boundary=" + boundary;
    }

    long contentLength() {
        if (boundary == null) {
            return blob.size() == 0 ? 0 : ranges.getFirst().length();
        }
        long length = closing().length;
        for (ByteRange range : ranges) {
            length += partHeader(range).length + range.length();
        }
        return length;
    }

    /**
     * Writes the body; the caller owns the blob and closes it. With {@code socket} (the response's socket as a channel,
     * see {@link SocketChannels}), a single range or whole file goes out with sendfile after a first small write that
     * carries the headers; without it, or whenever the socket takes nothing now, through {@code out}.
     */
    void write(OutputStream out, FileChannel socket) throws IOException {
        if (boundary == null) {
            if (blob.size() > 0) {
                ByteRange range = ranges.getFirst();
                // Helidon copies the first write into a fresh buffer with the response headers: keep that copy small
                // and send the rest straight from the file, or from the copy buffer (see FileSystemBlobStore).
                long head = Math.min(range.length(), HEAD);
                blob.copyTo(range.first(), head, out);
                long at = range.first() + head;
                long end = range.first() + range.length();
                while (socket != null && at < end) {
                    out.flush(); // nothing of Helidon's may be left behind what goes to the socket directly
                    long sent;
                    try {
                        sent = blob.sendTo(at, end - at, socket);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e); // as Helidon's own socket writes fail (client gone)
                    }
                    if (sent <= 0) {
                        // The socket's buffer is full (or the blob cannot send): a write through Helidon waits for
                        // room, then sendfile goes on.
                        long length = Math.min(WAIT_CHUNK, end - at);
                        blob.copyTo(at, length, out);
                        sent = length;
                    }
                    at += sent;
                }
                if (at < end) {
                    blob.copyTo(at, end - at, out);
                }
            }
            return;
        }
        for (ByteRange range : ranges) {
            out.write(partHeader(range));
            blob.copyTo(range.first(), range.length(), out);
        }
        out.write(closing());
    }

    private byte[] partHeader(ByteRange range) {
        return ("\r\n--" + boundary + "\r\nContent-Type: " + contentType + "\r\nContent-Range: "
                + range.contentRange(blob.size()) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] closing() {
        return ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
