package dev.encore.chat.presence;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import dev.encore.chat.ChatConfig;
import dev.encore.chat.delivery.ChatSocket;
import dev.encore.chat.delivery.Frames;
import dev.encore.chat.delivery.LocalRooms;
import dev.encore.chat.delivery.LocalRooms.LocalRoom;
import dev.encore.chat.model.ChatBroadcasts;
import dev.encore.chat.model.ChatSignalReceived;
import dev.encore.support.events.ChatSignal;
import dev.encore.support.redis.GuardedRedis;
import dev.encore.support.scheduling.Timers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Presence per room in Redis: a sorted set {@code chat:presence:<room>} whose members are {@code userId|replica} and
 * whose scores are the last heartbeat, plus a hash of display names. Each replica refreshes its own sockets' entries
 * and prunes entries older than {@code chat.presence.ttl}, so the users of a crashed replica disappear within that
 * time. When Redis is down, a replica shows the users it serves itself: partial, but chat goes on. Calls go through
 * {@link GuardedRedis}'s circuit breaker, so while Redis is down presence costs no timeout.
 */
@ApplicationScoped
public class PresenceService {

    private static final Logger LOG = Logger.getLogger(PresenceService.class.getName());
    /** At most one presence broadcast (and one signal) per room this often. */
    private static final Duration DEBOUNCE = Duration.ofMillis(500);

    @Inject
    GuardedRedis redis;

    @Inject
    LocalRooms rooms;

    @Inject
    ChatBroadcasts publisher;

    @Inject
    ChatConfig config;

    @Inject
    Timers timers;

    /** Rooms whose presence changed and whose debounced broadcast is scheduled. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private volatile long lastWarning;

    private static String key(String roomId) {
        return "chat:presence:" + roomId;
    }

    private static String names(String roomId) {
        return "chat:names:" + roomId;
    }

    private String member(String userId) {
        return userId + "|" + publisher.instanceId();
    }

    public void joined(ChatSocket socket) {
        try {
            redis.call(jedis -> {
                jedis.zadd(key(socket.roomId()), System.currentTimeMillis(), member(socket.userId()));
                return jedis.hset(names(socket.roomId()), socket.userId(), socket.displayName());
            });
        } catch (JedisException e) {
            degraded(e);
        }
        changed(socket.roomId());
    }

    public void left(ChatSocket socket) {
        LocalRoom room = rooms.room(socket.roomId());
        boolean stillHere = room != null && room.sockets().stream().anyMatch(s -> s.userId().equals(socket.userId()));
        if (!stillHere) {
            try {
                redis.call(jedis -> jedis.zrem(key(socket.roomId()), member(socket.userId())));
            } catch (JedisException e) {
                degraded(e);
            }
            changed(socket.roomId());
        }
    }

    /**
     * Coalesces presence changes: at most one broadcast (and one signal) per room every half second, so 200 people
     * joining at once cost a handful of presence frames per socket, not 200 (which is quadratic in the room size).
     */
    private void changed(String roomId) {
        if (pending.add(roomId)) {
            timers.after(DEBOUNCE, () -> { // the timer's run is already on a virtual thread
                pending.remove(roomId);
                refresh(roomId);
                publisher.signal(ChatSignal.Kind.PRESENCE, roomId, null, null);
            });
        }
    }

    /** Another replica's presence changed in a room this replica serves: re-read it, off the Kafka listener's thread. */
    void signalled(@Observes ChatSignalReceived received) {
        ChatSignal signal = received.signal();
        if (signal.kind() == ChatSignal.Kind.PRESENCE && !received.mine() && rooms.room(signal.roomId()) != null) {
            rooms.execute(() -> refresh(signal.roomId()));
        }
    }

    /** Re-reads the room's presence and broadcasts it to this replica's sockets when it changed. */
    public void refresh(String roomId) {
        LocalRoom room = rooms.room(roomId);
        if (room == null) {
            return;
        }
        String frame = Frames.presence(users(roomId));
        synchronized (room) {
            if (frame.equals(room.presenceFrame())) {
                return;
            }
            room.presenceFrame(frame);
        }
        rooms.broadcast(roomId, frame);
    }

    /** Sends the room's current presence to one socket (a newcomer whose join did not change the list). */
    public void sendCurrent(ChatSocket socket) {
        LocalRoom room = rooms.room(socket.roomId());
        String frame = room == null ? null : room.presenceFrame();
        socket.send(frame != null ? frame : Frames.presence(users(socket.roomId())));
    }

    /** How many distinct users are online in the room. */
    public int online(String roomId) {
        return users(roomId).size();
    }

    /** Refreshes this replica's heartbeats and prunes stale entries in one room; run periodically. */
    public void heartbeat(LocalRoom room) {
        long now = System.currentTimeMillis();
        try {
            Map<String, Double> members = new LinkedHashMap<>();
            for (ChatSocket socket : room.sockets()) {
                members.put(member(socket.userId()), (double) now);
            }
            redis.call(jedis -> {
                if (!members.isEmpty()) {
                    jedis.zadd(key(room.roomId()), members);
                }
                return jedis.zremrangeByScore(key(room.roomId()), Double.NEGATIVE_INFINITY,
                                              now - config.presenceTtl().toMillis());
            });
        } catch (JedisException e) {
            degraded(e);
        }
    }

    /** userId to display name, sorted by user id so the frame is stable and comparable. */
    Map<String, String> users(String roomId) {
        Map<String, String> users = new TreeMap<>();
        try {
            long since = System.currentTimeMillis() - config.presenceTtl().toMillis();
            List<String> members = redis.call(jedis -> jedis.zrangeByScore(key(roomId), since, Double.POSITIVE_INFINITY));
            for (String member : members) {
                int bar = member.lastIndexOf('|');
                users.put(bar < 0 ? member : member.substring(0, bar), null);
            }
            if (!users.isEmpty()) {
                List<String> ids = List.copyOf(users.keySet());
                List<String> displayNames = redis.call(jedis -> jedis.hmget(names(roomId), ids.toArray(String[]::new)));
                for (int i = 0; i < ids.size(); i++) {
                    users.put(ids.get(i), displayNames.get(i) == null ? ids.get(i) : displayNames.get(i));
                }
            }
        } catch (JedisException e) {
            degraded(e);
            users.clear();
            LocalRoom room = rooms.room(roomId);
            if (room != null) {
                room.sockets().forEach(s -> users.put(s.userId(), s.displayName()));
            }
        }
        return users;
    }

    private void degraded(JedisException e) {
        long now = System.currentTimeMillis();
        if (now - lastWarning > 60_000) {
            lastWarning = now;
            LOG.warning("Redis unavailable, presence shows this replica's users only for now: " + e);
        }
    }
}
