package dev.encore.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for requests ordinary clients refuse to send (a malformed percent-escape) or send
 * differently than needed (a chunked body). The connection is closed after one exchange.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** What came back: the status code, the raw header block (lower-cased names) and the body as text. */
    public record Answer(int status, String headers, String body) {

        public String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** Sends {@code head} (request line and headers, without the blank line) and then {@code body} as is. */
    public static Answer exchange(int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                              .getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException e) {
                    // The server may answer (413) and close before it has read everything; its answer still counts.
                }
            }
            out.flush();
            return parse(readAnswer(socket.getInputStream(), head.startsWith("HEAD ")));
        }
    }

    /** A JSON POST under whatever Content-Length the caller names, true or not ({@code -1}, {@code +2}, too long). */
    public static Answer postJson(int port, String path, String contentLength, String body) throws IOException {
        return exchange(port, "POST " + path + " HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
                              + contentLength, body.getBytes(StandardCharsets.UTF_8));
    }

    public static Answer get(int port, String target) throws IOException {
        return exchange(port, "GET " + target + " HTTP/1.1", null);
    }

    /**
     * A slowloris body: announces 100 bytes, then sends one a second (at most 30) until the server answers or closes.
     * Returns the answer's status line and headers ({@code ""} when the server closed without one).
     */
    public static String trickle(int port, String head) throws IOException, InterruptedException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            for (int sent = 0; sent < 30 && in.available() == 0; sent++) {
                try {
                    out.write(' ');
                    out.flush();
                } catch (java.net.SocketException closed) {
                    break;
                }
                Thread.sleep(1000);
            }
            return headOf(in);
        }
    }

    /**
     * A body that stops arriving: announces 100 bytes, sends {@code start} and nothing more. Returns the answer's
     * status line and headers, {@code ""} when the server closed without one, or {@code "(connection reset)"}.
     */
    public static String stall(int port, String head, String start) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n" + start)
                              .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            try {
                return headOf(socket.getInputStream());
            } catch (java.net.SocketException reset) {
                return "(connection reset)";
            }
        }
    }

    private static String headOf(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** A body in HTTP/1.1 chunked encoding, so the server sees no Content-Length. */
    public static byte[] chunked(byte[] content, int chunkSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < content.length; at += chunkSize) {
            int length = Math.min(chunkSize, content.length - at);
            out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(content, at, length);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /**
     * Reads one answer, up to the end its framing declares (Content-Length or the last chunk): Helidon may keep the
     * connection open despite {@code Connection: close}, so waiting for the end of the stream would wait for a timeout.
     */
    private static byte[] readAnswer(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                if (complete(out.toString(StandardCharsets.ISO_8859_1), head)) {
                    break;
                }
            }
        } catch (IOException e) {
            // A reset after the answer was sent: keep what arrived.
            if (out.size() == 0) {
                throw e;
            }
        }
        return out.toByteArray();
    }

    private static boolean complete(String text, boolean head) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        if (head) {
            return true;
        }
        String headers = text.substring(0, end);
        String length = headerIn(headers, "content-length");
        if (length != null) {
            return text.length() - end - 4 >= Integer.parseInt(length);
        }
        if ("chunked".equalsIgnoreCase(String.valueOf(headerIn(headers, "transfer-encoding")))) {
            return text.endsWith("\r\n0\r\n\r\n") || text.substring(end + 4).startsWith("0\r\n\r\n");
        }
        return false;
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        int status = Integer.parseInt(head.substring(9, 12));
        if ("chunked".equals(String.valueOf(headerIn(head, "transfer-encoding")).toLowerCase(Locale.ROOT))) {
            body = dechunk(body);
        }
        return new Answer(status, head, body);
    }

    private static String headerIn(String head, String name) {
        return new Answer(0, head, "").header(name);
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int lineEnd = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
