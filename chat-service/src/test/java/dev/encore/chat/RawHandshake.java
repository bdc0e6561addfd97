package dev.encore.chat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket handshake written byte for byte on a plain socket, so a test can send request targets that WebSocket
 * client libraries refuse to build (decoded NULs, encoded slashes, broken UTF-8), and read exactly what the server
 * answers: an HTTP status with its body, or a 101 followed by the first frame (a close frame's code and reason).
 */
final class RawHandshake {

    /** What the server did: {@code status} 101 with the close frame's code and reason, or another status and body. */
    record Answer(int status, String body, int closeCode, String closeReason) {
    }

    private RawHandshake() {
    }

    static Answer open(int port, String requestTarget, String token) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            String request = "GET " + requestTarget + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                             + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                             + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer " + token + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String head = readHead(in);
            int status = Integer.parseInt(head.substring(9, 12));
            if (status != 101) {
                int length = contentLength(head);
                return new Answer(status, new String(in.readNBytes(length), StandardCharsets.UTF_8), 0, null);
            }
            int opcode = in.readUnsignedByte() & 0x0F;
            int length = in.readUnsignedByte() & 0x7F; // server frames are not masked; a close frame is < 126 bytes
            byte[] payload = in.readNBytes(length);
            if (opcode != 0x8 || length < 2) {
                return new Answer(101, "first frame had opcode " + opcode, 0, null);
            }
            return new Answer(101, null, ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF),
                    new String(payload, 2, length - 2, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }
}
