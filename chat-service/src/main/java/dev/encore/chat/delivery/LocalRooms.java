package dev.encore.chat.delivery;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.encore.chat.ChatConfig;
import dev.encore.chat.ChatMetrics;
import dev.encore.chat.model.Message;
import dev.encore.chat.model.Slot;
import dev.encore.support.scheduling.Timers;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;

/**
 * The rooms that have sockets on this replica, and the in-order delivery of each room's messages to them.
 *
 * <p>Messages stored by this replica come straight from its writer; the others' come through Kafka, in id order per
 * room except when a publish failed or two replicas stored at the same moment. Each room keeps the last id it
 * delivered and anything ahead of a gap waits. Id n+1 is only stored after id n, so a missing id is already in
 * MongoDB when a later one arrives: unless Kafka brings it first, it is read from there after {@code chat.gap-wait}
 * (through the {@link MissingMessages} port, which the message store implements). An id still missing after
 * {@code chat.gap-give-up} is a hole left by a version that drew ids from a counter before inserting, and is claimed
 * with a tombstone, so the room moves on.
 */
@ApplicationScoped
public class LocalRooms {

    private static final Logger LOG = Logger.getLogger(LocalRooms.class.getName());

    @Inject
    ChatConfig config;

    @Inject
    ChatMetrics metrics;

    @Inject
    MissingMessages messages;

    @Inject
    Timers timers;

    private final Map<String, LocalRoom> rooms = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> socketsPerUser = new ConcurrentHashMap<>();
    private final AtomicInteger openSockets = new AtomicInteger();
    private ExecutorService virtualThreads;

    @PostConstruct
    void init() {
        virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
        metrics.gauge("chat.sockets.open", openSockets::get);
        metrics.gauge("chat.rooms.active", rooms::size);
    }

    @PreDestroy
    void stop() {
        virtualThreads.shutdownNow();
    }

    /** A room as this replica sees it. Feed fields are guarded by the room's monitor. */
    public static final class LocalRoom {
        final String roomId;
        final Set<ChatSocket> sockets = ConcurrentHashMap.newKeySet();
        long last = -1;
        final TreeMap<Long, Message> ahead = new TreeMap<>();
        long knownMax;
        long gapSinceNanos;
        boolean fillScheduled;
        volatile String presenceFrame;

        LocalRoom(String roomId) {
            this.roomId = roomId;
        }

        public String roomId() {
            return roomId;
        }

        public Collection<ChatSocket> sockets() {
            return sockets;
        }

        public String presenceFrame() {
            return presenceFrame;
        }

        public void presenceFrame(String frame) {
            presenceFrame = frame;
        }
    }

    public ChatSocket newSocket(Session session, String roomId, String userId, String displayName, boolean moderator) {
        return new ChatSocket(session, roomId, userId, displayName, moderator, config.sendQueue(), config.garbageLimit(),
                virtualThreads, this::tooSlow);
    }

    /** Counts a user's socket; false (and nothing counted) when the user already has the maximum on this replica. */
    public boolean admitUser(String userId) {
        AtomicInteger count = socketsPerUser.computeIfAbsent(userId, u -> new AtomicInteger());
        if (count.incrementAndGet() > config.maxSocketsPerUser()) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    public void releaseUser(String userId) {
        socketsPerUser.computeIfPresent(userId, (u, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** Adds the socket to its room; from now on the room feeds it (held back until {@link #ready}). */
    public LocalRoom join(ChatSocket socket) {
        openSockets.incrementAndGet();
        return rooms.compute(socket.roomId(), (id, room) -> {
            LocalRoom joined = room == null ? new LocalRoom(id) : room;
            joined.sockets.add(socket);
            return joined;
        });
    }

    /**
     * The socket's history has been read: its last contiguous id is {@code historyEnd}, and {@code knownMax} is the
     * highest id seen in the read. Starts the room's feed at that point if it had none yet.
     */
    public void ready(LocalRoom room, ChatSocket socket, String historyFrame, long historyEnd, long knownMax) {
        synchronized (room) {
            if (room.last < 0) {
                room.last = historyEnd;
                room.ahead.headMap(historyEnd, true).clear();
            }
            room.knownMax = Math.max(room.knownMax, knownMax);
            socket.ready(historyFrame, historyEnd);
            drainLocked(room);
            scheduleFillIfBehind(room);
        }
    }

    public void leave(ChatSocket socket) {
        socket.markClosed();
        openSockets.decrementAndGet();
        rooms.computeIfPresent(socket.roomId(), (id, room) -> {
            room.sockets.remove(socket);
            return room.sockets.isEmpty() ? null : room;
        });
    }

    /**
     * The highest id this replica has stored or seen stored in the room: the next message most likely goes right after
     * it. 0 when the room has no sockets here.
     */
    public long highestKnownId(String roomId) {
        LocalRoom room = rooms.get(roomId);
        if (room == null) {
            return 0;
        }
        synchronized (room) {
            return Math.max(room.knownMax, room.last);
        }
    }

    public LocalRoom room(String roomId) {
        return rooms.get(roomId);
    }

    public Collection<LocalRoom> rooms() {
        return rooms.values();
    }

    /** A stored message, from this replica's writer or the room's Kafka partition: delivered in id order, once. */
    public void offer(Message message) {
        LocalRoom room = rooms.get(message.roomId());
        if (room == null) {
            return;
        }
        long seq = message.seq();
        synchronized (room) {
            room.knownMax = Math.max(room.knownMax, seq);
            if (room.last >= 0 && seq <= room.last) {
                return;
            }
            room.ahead.put(seq, message);
            if (room.last >= 0) {
                drainLocked(room);
                scheduleFillIfBehind(room);
            }
        }
    }

    /** A frame outside the message sequence (deleted, system, typing, presence) for every socket of the room. */
    public void broadcast(String roomId, String frame) {
        LocalRoom room = rooms.get(roomId);
        if (room != null) {
            TextFrame encoded = TextFrame.of(frame);
            for (ChatSocket socket : room.sockets) {
                socket.deliver(-1, encoded);
            }
        }
    }

    /** Like {@link #broadcast} but skips the sockets of {@code userId} (typing is not echoed to the typist). */
    public void broadcastToOthers(String roomId, String userId, String frame) {
        LocalRoom room = rooms.get(roomId);
        if (room != null) {
            TextFrame encoded = TextFrame.of(frame);
            for (ChatSocket socket : room.sockets) {
                if (!socket.userId().equals(userId)) {
                    socket.deliver(-1, encoded);
                }
            }
        }
    }

    /** Closes every socket of {@code userId} in the room (a ban). */
    public void closeUser(String roomId, String userId, int code, String reason) {
        LocalRoom room = rooms.get(roomId);
        if (room != null) {
            for (ChatSocket socket : List.copyOf(room.sockets)) {
                if (socket.userId().equals(userId)) {
                    socket.close(code, reason);
                }
            }
        }
    }

    private void tooSlow(ChatSocket socket) {
        if (socket.isOpen()) {
            metrics.slowConsumerClosed();
            LOG.fine(() -> "closing slow consumer " + socket);
            socket.abort(1013, "too slow: reconnect with since=<last id>");
        }
    }

    private void drainLocked(LocalRoom room) {
        while (!room.ahead.isEmpty() && room.ahead.firstKey() <= room.last + 1) {
            Map.Entry<Long, Message> next = room.ahead.pollFirstEntry();
            if (next.getKey() <= room.last) {
                continue;
            }
            room.last = next.getKey();
            Message message = next.getValue();
            if (message != null) {
                // Encoded once for the whole room, not per recipient.
                TextFrame frame = TextFrame.of(Frames.message(message));
                for (ChatSocket socket : room.sockets) {
                    socket.deliver(room.last, frame);
                }
                metrics.messagesOut(room.sockets.size());
            }
        }
        if (room.ahead.isEmpty() && room.knownMax <= room.last) {
            room.gapSinceNanos = 0;
        }
    }

    private void scheduleFillIfBehind(LocalRoom room) {
        boolean behind = !room.ahead.isEmpty() || room.knownMax > room.last;
        if (!behind || room.fillScheduled || room.sockets.isEmpty()) {
            return;
        }
        if (room.gapSinceNanos == 0) {
            room.gapSinceNanos = System.nanoTime();
        }
        room.fillScheduled = true;
        timers.after(config.gapWait(), () -> fill(room)); // the timer's run is already on a virtual thread
    }

    /** Reads the missing ids from MongoDB; claims the first one with a tombstone once it has been missing too long. */
    private void fill(LocalRoom room) {
        try {
            long from;
            long upTo;
            synchronized (room) {
                room.fillScheduled = false;
                from = room.last;
                upTo = Math.max(room.knownMax, room.ahead.isEmpty() ? 0 : room.ahead.lastKey());
                if (upTo <= from || rooms.get(room.roomId) != room) {
                    return;
                }
            }
            List<Slot> slots = messages.between(room.roomId, from, upTo);
            boolean giveUp;
            long missing;
            synchronized (room) {
                int filled = 0;
                for (Slot slot : slots) {
                    if (slot.seq() > room.last) {
                        filled += room.ahead.containsKey(slot.seq()) ? 0 : 1;
                        room.ahead.put(slot.seq(), slot.message());
                    }
                }
                metrics.gapFilled(filled);
                drainLocked(room);
                missing = room.last + 1;
                giveUp = (!room.ahead.isEmpty() || room.knownMax > room.last)
                        && System.nanoTime() - room.gapSinceNanos > config.gapGiveUp().toNanos();
            }
            if (giveUp) {
                boolean claimed = messages.claim(room.roomId, missing);
                LOG.fine(() -> "id " + missing + " of room " + room.roomId + " missing too long; tombstone: " + claimed);
                if (claimed) {
                    metrics.gapTombstoned();
                }
                synchronized (room) {
                    if (claimed && room.last == missing - 1) {
                        room.ahead.put(missing, null);
                        room.gapSinceNanos = System.nanoTime();
                        drainLocked(room);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not fill a gap in room " + room.roomId + ": " + e);
        }
        synchronized (room) {
            scheduleFillIfBehind(room);
        }
    }

    /** Runs a task on a virtual thread (the executor every socket already uses). */
    public void execute(Runnable task) {
        virtualThreads.execute(task);
    }
}
