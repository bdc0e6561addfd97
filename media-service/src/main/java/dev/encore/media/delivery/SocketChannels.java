package dev.encore.media.delivery;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.lang.reflect.Field;
import java.net.Socket;
import java.net.SocketImpl;
import java.nio.channels.FileChannel;
import java.util.Optional;

import io.helidon.webserver.http.ServerResponse;

/**
 * The socket of a plain HTTP/1.1 response as a channel that {@code FileChannel.transferTo} can write to, which makes the
 * JDK use {@code sendfile(2)}: the bytes go from the page cache to the socket without the three copies of the
 * {@code OutputStream} path (file to {@code byte[]}, {@code byte[]} to the JDK's temporary direct buffer, and the
 * kernel's copy into the socket buffer). bench/range-bench.sh measured that path alone (bench/RangeFloor.java, no
 * Helidon) at 1.3-1.5x nginx's CPU per 256 KiB range, and sendfile at 1.04-1.1x.
 *
 * <p>Helidon 4.1.2 offers a response body only as an {@code OutputStream} over a {@code java.net.Socket}, and no
 * file or channel body (no upstream issue asks for one yet; jetty/jetty.project#13392 is the same request for Jetty).
 * So this reaches the socket's file descriptor through Helidon's and the JDK's private fields, found once by name, and
 * only where writing to it beside Helidon is safe: an HTTP/1.1 response ({@code Http1ServerResponse}), on a plain
 * socket ({@code PlainSocket}; TLS is not a file descriptor to write to), whose writer writes on the caller's thread
 * ({@code SocketWriterDirect}; the asynchronous writers of {@code server.write-queue-length} > 1 would reorder bytes).
 * Reading {@code Socket.impl} needs {@code --add-opens java.base/java.net=ALL-UNNAMED} (the jar's manifest and the
 * image's JVM flags carry it). Anything else, or any field not found (another Helidon or JDK), and there is no channel:
 * the caller copies through the output stream as before, and {@link #available()} says which it is.
 */
final class SocketChannels {

    private static final System.Logger LOG = System.getLogger(SocketChannels.class.getName());
    private static final String RESPONSE = "io.helidon.webserver.http1.Http1ServerResponse";
    private static final String DIRECT_WRITER = "io.helidon.common.socket.SocketWriterDirect";
    private static final String PLAIN_SOCKET = "io.helidon.common.socket.PlainSocket";

    /** The fields from a response to its socket's descriptor; null when this JVM or Helidon does not allow it. */
    private static final Path PATH = Path.find();

    /**
     * One channel per connection: Helidon serves a connection's requests one after the other on one virtual thread.
     * ({@code new FileOutputStream(fd)} attaches itself to the descriptor, so one per response would pile up.)
     */
    private static final ThreadLocal<Cached> CACHED = new ThreadLocal<>();

    private record Cached(Socket socket, FileChannel channel) {
    }

    private SocketChannels() {
    }

    /** Whether responses can be sent with sendfile in this JVM (Helidon 4.1.2's fields found, java.net open). */
    static boolean available() {
        return PATH != null;
    }

    /**
     * The channel to write the body of {@code response} to, after the headers have been flushed through its output
     * stream; empty when that is not safe or not possible (then write through the output stream). The channel must
     * not be closed: it is the connection's socket.
     */
    static Optional<FileChannel> of(ServerResponse response) {
        if (PATH == null || !response.getClass().getName().equals(RESPONSE)) {
            return Optional.empty();
        }
        try {
            Object writer = PATH.dataWriter.get(response);
            Object context = PATH.context.get(response);
            if (writer == null || !writer.getClass().getName().equals(DIRECT_WRITER) || context == null
                || !PATH.helidonSocket.getDeclaringClass().isInstance(context)) {
                return Optional.empty();
            }
            Object helidonSocket = PATH.helidonSocket.get(context);
            if (helidonSocket == null || !helidonSocket.getClass().getName().equals(PLAIN_SOCKET)) {
                return Optional.empty();
            }
            Socket socket = (Socket) PATH.delegate.get(helidonSocket);
            Cached cached = CACHED.get();
            if (cached != null && cached.socket() == socket) {
                return Optional.of(cached.channel());
            }
            if (socket.isClosed() || socket.isOutputShutdown()) {
                return Optional.empty();
            }
            FileDescriptor descriptor = (FileDescriptor) PATH.descriptor.get(PATH.impl.get(socket));
            if (descriptor == null || !descriptor.valid()) {
                return Optional.empty();
            }
            FileChannel channel = new FileOutputStream(descriptor).getChannel();
            CACHED.set(new Cached(socket, channel));
            return Optional.of(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "no socket channel for this response; copying", e);
            return Optional.empty();
        }
    }

    private record Path(Field dataWriter, Field context, Field helidonSocket, Field delegate, Field impl,
                        Field descriptor) {

        static Path find() {
            try {
                Class<?> response = Class.forName(RESPONSE);
                Path path = new Path(open(response.getDeclaredField("dataWriter")),
                                     open(response.getDeclaredField("ctx")),
                                     open(Class.forName("io.helidon.webserver.ConnectionHandler")
                                                  .getDeclaredField("helidonSocket")),
                                     open(Class.forName(PLAIN_SOCKET).getDeclaredField("delegate")),
                                     open(Socket.class.getDeclaredField("impl")),
                                     open(SocketImpl.class.getDeclaredField("fd")));
                LOG.log(System.Logger.Level.INFO, "stream ranges are sent with sendfile on plain HTTP/1.1 connections");
                return path;
            } catch (ReflectiveOperationException | RuntimeException e) {
                // InaccessibleObjectException without --add-opens java.base/java.net=ALL-UNNAMED
                LOG.log(System.Logger.Level.WARNING, "stream ranges are copied through Helidon's output stream, not sent"
                        + " with sendfile (start the JVM with --add-opens java.base/java.net=ALL-UNNAMED): " + e);
                return null;
            }
        }

        private static Field open(Field field) {
            field.setAccessible(true);
            return field;
        }
    }
}
