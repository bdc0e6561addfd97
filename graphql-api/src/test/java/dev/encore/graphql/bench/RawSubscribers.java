package dev.encore.graphql.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The live fan-out benchmark's lean subscribers: plain sockets read by one platform thread with a {@link Selector},
 * which stamps each read with the clock right after {@code read} returned and keeps the frame's text, parsing nothing
 * until the round is over. A thousand phones each read their own socket; one JVM reading a thousand on the two cores
 * the server also uses should add as little as it can between the kernel and the timestamp. The JDK's WebSocket
 * client (the other client of {@link LiveFanoutBench}) runs each message through its own scheduler and the listener,
 * which here also parsed it, before the timestamp was taken. Not a test.
 *
 * <p>Speaks just enough RFC 6455: the upgrade with {@code graphql-transport-ws}, masked text frames out, unmasked
 * frames in (text, close; a ping is answered), no extensions.
 */
final class RawSubscribers implements Runnable {

    /** One text or close frame as received: when (epoch ms, right after the read that completed it) and its text. */
    record Frame(long arrived, int opcode, String text) {
    }

    private final Selector selector;
    private final ConcurrentLinkedQueue<SocketChannel> joining = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Frame> frames = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long cpuNanos;

    RawSubscribers() throws IOException {
        selector = Selector.open();
        thread = Thread.ofPlatform().daemon().name("raw-subscribers").start(this);
    }

    /** Opens a socket, upgrades it, sends {@code connection_init} and {@code subscribe}; then the reader owns it. */
    void open(URI ws, String subscribe) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(ws.getHost(), ws.getPort()));
        channel.socket().setTcpNoDelay(true);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String upgrade = "GET " + ws.getPath() + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
                         + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                         + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                         + "\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n";
        write(channel, ByteBuffer.wrap(upgrade.getBytes(StandardCharsets.US_ASCII)));
        // The answer's headers, byte by byte (a few hundred): nothing else is sent before our first frame.
        ByteBuffer one = ByteBuffer.allocate(1);
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            one.clear();
            if (channel.read(one) < 0) {
                throw new IOException("closed during the upgrade: " + head);
            }
            head.append((char) one.get(0));
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            channel.close();
            throw new IOException("upgrade refused: " + head.toString().lines().findFirst().orElse(""));
        }
        write(channel, textFrame("{\"type\":\"connection_init\",\"payload\":{}}"));
        write(channel, textFrame(subscribe));
        channel.configureBlocking(false);
        joining.add(channel);
        selector.wakeup();
    }

    /** The frames received so far, in arrival order per socket. */
    List<Frame> frames() {
        return new ArrayList<>(frames);
    }

    /** CPU time the reader thread used so far (its whole cost, reads and frame splitting). */
    long cpuNanos() {
        return cpuNanos;
    }

    /** Closes every socket (without a close handshake) and ends the reader. */
    void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }

    @Override
    public void run() {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try {
            while (running) {
                selector.select(100);
                SocketChannel joined;
                while ((joined = joining.poll()) != null) {
                    joined.register(selector, SelectionKey.OP_READ, new Reader(joined));
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    ((Reader) key.attachment()).read(key);
                }
                selector.selectedKeys().clear();
                cpuNanos = bean.getCurrentThreadCpuTime();
            }
        } catch (IOException e) {
            System.err.println("raw subscribers' reader failed: " + e);
        }
    }

    /** One socket's unread bytes and the frame parser over them. */
    private final class Reader {
        private final SocketChannel channel;
        private ByteBuffer buffer = ByteBuffer.allocate(4096);

        Reader(SocketChannel channel) {
            this.channel = channel;
        }

        void read(SelectionKey key) throws IOException {
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                n = -1;
            }
            long now = System.currentTimeMillis();
            if (n < 0) {
                key.cancel();
                channel.close();
                return;
            }
            buffer.flip();
            while (true) {
                int start = buffer.position();
                if (buffer.remaining() < 2) {
                    break;
                }
                int b0 = buffer.get() & 0xff;
                int b1 = buffer.get() & 0x7f;
                long length = b1;
                if (b1 == 126) {
                    if (buffer.remaining() < 2) {
                        buffer.position(start);
                        break;
                    }
                    length = buffer.getShort() & 0xffff;
                } else if (b1 == 127) {
                    if (buffer.remaining() < 8) {
                        buffer.position(start);
                        break;
                    }
                    length = buffer.getLong();
                }
                if (buffer.remaining() < length) {
                    buffer.position(start);
                    if (buffer.capacity() - (buffer.limit() - start) < length + 14) {
                        ByteBuffer bigger = ByteBuffer.allocate((int) length + 4096);
                        bigger.put(buffer);
                        buffer = bigger;
                        buffer.flip();
                    }
                    break;
                }
                byte[] payload = new byte[(int) length];
                buffer.get(payload);
                int opcode = b0 & 0x0f;
                if (opcode == 9) {
                    ByteBuffer pong = maskedFrame(0x8a, payload);
                    while (pong.hasRemaining() && channel.write(pong) > 0) {
                        // a pong is small; a full send buffer drops it, which only a keep-alive would mind
                    }
                } else if (opcode == 1 || opcode == 8) {
                    frames.add(new Frame(now, opcode, opcode == 8 && payload.length >= 2
                            ? ((payload[0] & 0xff) << 8 | (payload[1] & 0xff)) + " "
                              + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
                            : new String(payload, StandardCharsets.UTF_8)));
                }
            }
            buffer.compact();
        }
    }

    private static void write(SocketChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static ByteBuffer textFrame(String text) {
        return maskedFrame(0x81, text.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer maskedFrame(int first, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(payload.length + 14);
        frame.put((byte) first);
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return frame.flip();
    }
}
