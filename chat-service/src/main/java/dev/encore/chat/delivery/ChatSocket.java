package dev.encore.chat.delivery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import org.glassfish.tyrus.core.TyrusWebSocket;

/**
 * One client connection. Sends go through a bounded queue drained by one virtual thread at a time, so a slow client
 * blocks only its own drainer: when the queue is full the socket is closed (1013, "too slow") instead of slowing the
 * room or growing the heap. The client resumes with {@code since}.
 *
 * <p>Frames arrive encoded ({@link TextFrame}, once per room, not per socket), and whatever is queued when the drainer
 * runs is written to the connection as one write: under load a socket gets several frames per system call.
 */
public final class ChatSocket {

    private static final Logger LOG = Logger.getLogger(ChatSocket.class.getName());
    private static final Object PING = new Object();
    // A drain's batch of queued frames goes out as one write of at most this many bytes (a lone larger frame as is).
    private static final int BATCH_BYTES = 32 * 1024;

    private record Close(int code, String reason) { }

    private final Session session;
    private final TyrusWebSocket raw;
    private final String roomId;
    private final String userId;
    private final String displayName;
    private final boolean moderator;
    private final ArrayBlockingQueue<Object> queue;
    private final Executor executor;
    private final Consumer<ChatSocket> onTooSlow;
    private final AtomicBoolean draining = new AtomicBoolean();
    // closed: no new frames accepted; aborted: frames already queued are dropped too.
    private volatile boolean closed;
    private volatile boolean aborted;

    // Delivery state: message frames reach this socket in id order, each once, and never before the history frame.
    private boolean ready;
    private long lastSent;
    private List<Object[]> pending = new ArrayList<>();
    private List<TextFrame> batch; // the drainer's, reused

    private volatile long lastSeenNanos = System.nanoTime();
    private volatile long lastTypingNanos;
    private final long[] garbageNanos;
    private int garbageNext;

    ChatSocket(Session session, String roomId, String userId, String displayName, boolean moderator, int queueSize,
               int garbageLimit, Executor executor, Consumer<ChatSocket> onTooSlow) {
        this.session = session;
        this.raw = RawFrames.of(session);
        this.roomId = roomId;
        this.userId = userId;
        this.displayName = displayName;
        this.moderator = moderator;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.garbageNanos = new long[Math.max(1, garbageLimit)];
        this.executor = executor;
        this.onTooSlow = onTooSlow;
    }

    public String roomId() {
        return roomId;
    }

    public String userId() {
        return userId;
    }

    public String displayName() {
        return displayName;
    }

    /** Moderators and admins may delete anyone's message and are exempt from slow mode. */
    public boolean moderator() {
        return moderator;
    }

    public boolean isOpen() {
        return !closed;
    }

    /** The client showed it is alive (a frame or a pong): the idle timeout starts again. */
    public void seen() {
        lastSeenNanos = System.nanoTime();
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    /** True, and the interval starts again, when the last typing hint is at least {@code intervalNanos} old. */
    public boolean typingAllowed(long intervalNanos) {
        long now = System.nanoTime();
        if (now - lastTypingNanos < intervalNanos) {
            return false;
        }
        lastTypingNanos = now;
        return true;
    }

    /** A message frame with its sequence number, from the room's in-order feed; skipped when already sent. */
    void deliver(long seq, TextFrame frame) {
        synchronized (this) {
            if (!ready) {
                pending.add(new Object[] {seq, frame});
                return;
            }
            if (seq >= 0) {
                if (seq <= lastSent) {
                    return;
                }
                lastSent = seq;
            }
        }
        offer(frame);
    }

    /** Sends the history frame, then whatever the room delivered while history was being read. */
    void ready(String historyFrame, long historyEnd) {
        synchronized (this) {
            send(historyFrame);
            lastSent = historyEnd;
            for (Object[] item : pending) {
                long seq = (Long) item[0];
                if (seq < 0 || seq > lastSent) {
                    lastSent = Math.max(lastSent, seq);
                    offer(item[1]);
                }
            }
            pending = null;
            ready = true;
        }
    }

    /** Queues a frame; false when the socket is closed or has just been closed for being too slow. */
    public boolean send(String frame) {
        return offer(TextFrame.of(frame));
    }

    void ping() {
        offer(PING);
    }

    private boolean offer(Object item) {
        if (closed) {
            return false;
        }
        if (!offerQuietly(item)) {
            onTooSlow.accept(this);
            return false;
        }
        return true;
    }

    private boolean offerQuietly(Object item) {
        if (!queue.offer(item)) {
            return false;
        }
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
        return true;
    }

    private void drain() {
        while (true) {
            Object item;
            while ((item = queue.poll()) != null) {
                if (aborted) {
                    queue.clear();
                    break;
                }
                try {
                    if (item instanceof Close close) {
                        closeNow(close.code(), close.reason());
                        break;
                    }
                    if (item == PING) {
                        session.getBasicRemote().sendPing(ByteBuffer.allocate(0));
                    } else if (raw == null) {
                        session.getBasicRemote().sendText(((TextFrame) item).text());
                    } else {
                        writeBatch((TextFrame) item);
                    }
                } catch (IOException | ExecutionException | InterruptedException | RuntimeException e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt(); // shutting down
                    }
                    LOG.log(Level.FINE, "send failed, closing", e);
                    closed = true;
                    aborted = true;
                    queue.clear();
                }
            }
            draining.set(false);
            if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Writes {@code first} and the frames queued right behind it, up to {@link #BATCH_BYTES}, as one write. */
    private void writeBatch(TextFrame first) throws ExecutionException, InterruptedException {
        int size = first.wireLength();
        Object next;
        while ((next = queue.peek()) instanceof TextFrame frame && size + frame.wireLength() <= BATCH_BYTES) {
            size += frame.wireLength();
            queue.poll(); // the drainer is the only taker: this is the frame just peeked
            if (batch == null) {
                batch = new ArrayList<>();
            }
            batch.add(frame);
        }
        ByteBuffer out;
        if (batch == null || batch.isEmpty()) {
            out = first.wire(); // read, never written, by the connection's writer
        } else {
            out = ByteBuffer.allocate(size);
            first.writeTo(out);
            batch.forEach(frame -> frame.writeTo(out));
            batch.clear();
            out.flip();
        }
        raw.sendRawFrame(out).get();
    }

    /** Records a garbage frame; true when the client has sent too many within a minute and must be closed. */
    public synchronized boolean garbage() {
        long now = System.nanoTime();
        long oldest = garbageNanos[garbageNext];
        garbageNanos[garbageNext] = now;
        garbageNext = (garbageNext + 1) % garbageNanos.length;
        return oldest != 0 && now - oldest < 60_000_000_000L;
    }

    /** Closes the socket after the frames already queued (an error frame that explains the close, for instance). */
    public void close(int code, String reason) {
        if (closed) {
            return;
        }
        if (!offerQuietly(new Close(code, reason))) {
            abort(code, reason);
        }
        closed = true;
    }

    /** Closes at once, dropping queued frames; the close frame is written on a virtual thread, never the caller's. */
    public void abort(int code, String reason) {
        closed = true;
        aborted = true;
        queue.clear();
        executor.execute(() -> closeNow(code, reason));
    }

    private void closeNow(int code, String reason) {
        closed = true;
        {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "close failed", e);
            }
        }
    }

    void markClosed() {
        closed = true;
        aborted = true;
        queue.clear();
    }

    @Override
    public String toString() {
        return "ChatSocket[" + roomId + ", " + userId + ", " + session.getId() + "]";
    }
}
