import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Not the product: the floor range-bench.sh measures Helidon against. A bare JDK HTTP/1.1 server, one virtual thread
 * per connection, that answers {@code GET} with a single {@code Range: bytes=a-b} of one file with the same response
 * headers as media-service, and nothing else (no routing, no validation, no metrics). Run with the single-file launcher:
 * {@code java RangeFloor.java <mode> <port> <file>}. Modes:
 * <ul>
 *   <li>{@code socket}: what Helidon 4.1.2 can do at best: a {@code java.net.Socket} from {@code ServerSocket.accept()}
 *       (as Helidon's listener), the body copied from a memory mapping into a reused {@code byte[]} and written through
 *       the socket's {@code OutputStream} with media-service's write sizes (headers + the first 4 KiB in one write,
 *       then the rest in one write, which the JDK cuts into 128 KiB system calls and copies into a direct buffer).</li>
 *   <li>{@code sendfile}: what a channel would allow: a {@code SocketChannel}, the headers written from a buffer and
 *       the body by {@code FileChannel.transferTo}, which is {@code sendfile(2)} on Linux, as nginx does.</li>
 * </ul>
 */
public class RangeFloor {

    private static final int HEAD = 4096;

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        Path path = Path.of(args[2]);
        FileChannel file = FileChannel.open(path, StandardOpenOption.READ);
        long size = file.size();
        String name = path.getFileName().toString();
        String fixed = "Accept-Ranges: bytes\r\nCache-Control: public, max-age=31536000, immutable\r\n"
                       + "Content-Type: audio/mpeg\r\nETag: \"" + name.substring(0, name.indexOf('.')) + "\"\r\n"
                       + "Last-Modified: Sat, 05 Dec 2026 03:00:00 GMT\r\nConnection: keep-alive\r\n";
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        if (mode.equals("socket")) {
            MappedByteBuffer mapped = file.map(FileChannel.MapMode.READ_ONLY, 0, size);
            ServerSocket server = new ServerSocket();
            server.bind(address, 1024);
            while (true) {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> serveSocket(socket, mapped, size, fixed));
            }
        }
        ServerSocketChannel server = ServerSocketChannel.open().bind(address, 1024);
        while (true) {
            SocketChannel channel = server.accept();
            channel.socket().setTcpNoDelay(true);
            Thread.ofVirtual().start(() -> serveChannel(channel, file, size, fixed));
        }
    }

    private static void serveSocket(Socket socket, MappedByteBuffer mapped, long size, String fixed) {
        byte[] request = new byte[8192];
        byte[] body = new byte[256 * 1024];
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            long[] range;
            while ((range = readRange(in, request)) != null) {
                int first = (int) range[0];
                int length = (int) Math.min(range[1], size - 1) - first + 1;
                byte[] head = headers(first, length, size, fixed);
                int firstPart = Math.min(length, HEAD);
                byte[] start = new byte[head.length + firstPart]; // Helidon too copies headers + first write
                System.arraycopy(head, 0, start, 0, head.length);
                mapped.get(first, start, head.length, firstPart);
                out.write(start);
                for (int at = first + firstPart, end = first + length; at < end; ) {
                    int n = Math.min(body.length, end - at);
                    mapped.get(at, body, 0, n);
                    out.write(body, 0, n);
                    at += n;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void serveChannel(SocketChannel channel, FileChannel file, long size, String fixed) {
        byte[] request = new byte[8192];
        try (channel; InputStream in = channel.socket().getInputStream()) {
            long[] range;
            while ((range = readRange(in, request)) != null) {
                long first = range[0];
                long length = Math.min(range[1], size - 1) - first + 1;
                ByteBuffer head = ByteBuffer.wrap(headers(first, length, size, fixed));
                while (head.hasRemaining()) {
                    channel.write(head);
                }
                for (long at = first, end = first + length; at < end; ) {
                    at += file.transferTo(at, end - at, channel);
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static byte[] headers(long first, long length, long size, String fixed) {
        return ("HTTP/1.1 206 Partial Content\r\n" + fixed + "Content-Length: " + length + "\r\nContent-Range: bytes "
                + first + "-" + (first + length - 1) + "/" + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one request (no body) and returns its range {first, last}; null at the end of the connection. */
    private static long[] readRange(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        while (true) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                return null;
            }
            filled += n;
            String text = new String(buffer, 0, filled, StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                int at = text.indexOf("Range: bytes=") + 13;
                int dash = text.indexOf('-', at);
                int end = text.indexOf('\r', dash);
                return new long[] {Long.parseLong(text, at, dash, 10), Long.parseLong(text, dash + 1, end, 10)};
            }
        }
    }
}
