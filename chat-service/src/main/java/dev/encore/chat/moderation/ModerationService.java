package dev.encore.chat.moderation;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.encore.chat.delivery.ChatSocket;
import dev.encore.chat.delivery.LocalRooms;
import dev.encore.chat.model.ChatBroadcasts;
import dev.encore.chat.model.ChatSignalReceived;
import dev.encore.chat.model.Rejection;
import dev.encore.support.events.ChatSignal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The rules a message must pass before it is stored (ban, mute, slow mode, rate limit) and the moderators' actions.
 * Bans, mutes and room settings are cached per replica (Caffeine, 10 s after loading) so a busy room does not read
 * MongoDB per message; a change made on any replica reaches the others at once as a {@link ChatSignal} (observed
 * here as a {@link ChatSignalReceived}), and the cache expiry bounds the staleness when Kafka is down.
 */
@ApplicationScoped
public class ModerationService {

    private static final Duration CACHE_TTL = Duration.ofSeconds(10);
    private static final Duration REFRESH_AFTER = Duration.ofSeconds(5);
    // Bounds, not working sizes: a replica serves far fewer (room, user) pairs within CACHE_TTL, so nothing is evicted
    // early in practice; they only keep a flood of distinct ids from growing the heap without limit.
    private static final long MAX_STANDINGS = 100_000;
    private static final long MAX_ROOMS = 10_000;

    @Inject
    ModerationRepository repository;

    @Inject
    RateLimiter limiter;

    @Inject
    LocalRooms rooms;

    @Inject
    ChatBroadcasts publisher;

    private record Standing(boolean banned, Instant mutedUntil) { }

    // Keyed roomId/userId and roomId. Loaded outside the cache (getIfPresent, then put) so a slow MongoDB read never
    // holds a lock of the cache's map; two concurrent misses for one key both read, as before, and the last one wins.
    // An entry read after REFRESH_AFTER is read again in the background while the cached one still answers, so an
    // active user's messages do not wait for MongoDB every CACHE_TTL (at 400 msg/s that was one message per user
    // and 10 s on the path, most of the p99); an entry not read within CACHE_TTL still expires.
    private final LoadingCache<String, Standing> standings = Caffeine.newBuilder().expireAfterWrite(CACHE_TTL)
            .refreshAfterWrite(REFRESH_AFTER).maximumSize(MAX_STANDINGS).executor(Thread::startVirtualThread)
            .build(this::loadStanding);
    private final LoadingCache<String, Integer> settings = Caffeine.newBuilder().expireAfterWrite(CACHE_TTL)
            .refreshAfterWrite(REFRESH_AFTER).maximumSize(MAX_ROOMS).executor(Thread::startVirtualThread)
            .build(roomId -> repository.slowModeSeconds(roomId));

    /** Whether the user is banned from the room (cached). */
    public boolean banned(String roomId, String userId) {
        return standing(roomId, userId).banned();
    }

    /** Null when the socket's user may send a message now, else why not. Takes a rate-limit token when allowed. */
    public Rejection checkMessage(ChatSocket socket) {
        Standing standing = standing(socket.roomId(), socket.userId());
        if (standing.banned()) {
            return new Rejection("BANNED", "You are banned from this room.", null);
        }
        Instant now = Instant.now();
        if (standing.mutedUntil() != null && standing.mutedUntil().isAfter(now)) {
            return new Rejection("MUTED", "You are muted in this room until " + standing.mutedUntil() + ".",
                    Duration.between(now, standing.mutedUntil()).toMillis());
        }
        if (!socket.moderator()) {
            long wait = limiter.slowMode(socket.roomId(), socket.userId(), slowModeSeconds(socket.roomId()));
            if (wait > 0) {
                return new Rejection("SLOW_MODE", "Slow mode is on in this room.", wait);
            }
        }
        long wait = limiter.takeToken(socket.roomId(), socket.userId());
        if (wait > 0) {
            return new Rejection("RATE_LIMITED", "You are sending messages too fast.", wait);
        }
        return null;
    }

    public int slowModeSeconds(String roomId) {
        Integer cached = settings.getIfPresent(roomId);
        if (cached == null) {
            cached = repository.slowModeSeconds(roomId);
            settings.put(roomId, cached);
        }
        return cached;
    }

    public void setSlowMode(String roomId, int seconds, String by) {
        repository.setSlowModeSeconds(roomId, seconds, by);
        settings.invalidate(roomId);
        publisher.signal(ChatSignal.Kind.MODERATION, roomId, null, null);
    }

    public Instant mute(String roomId, String userId, int seconds, String by) {
        Instant until = Instant.now().plusSeconds(seconds);
        repository.mute(roomId, userId, until, by);
        changed(roomId, userId, ChatSignal.Kind.MODERATION);
        return until;
    }

    public void unmute(String roomId, String userId) {
        repository.unmute(roomId, userId);
        changed(roomId, userId, ChatSignal.Kind.MODERATION);
    }

    /** Stores the ban and closes the user's sockets in the room, here at once and on other replicas via a signal. */
    public void ban(String roomId, String userId, String by) {
        repository.ban(roomId, userId, by);
        changed(roomId, userId, ChatSignal.Kind.BAN);
        rooms.closeUser(roomId, userId, 4403, "banned from this room");
    }

    public void unban(String roomId, String userId) {
        repository.unban(roomId, userId);
        changed(roomId, userId, ChatSignal.Kind.MODERATION);
    }

    /** Drops cached standing (null user: the room's settings and every standing in it). */
    public void forget(String roomId, String userId) {
        if (userId == null) {
            settings.invalidate(roomId);
            standings.asMap().keySet().removeIf(k -> k.startsWith(roomId + "/"));
        } else {
            standings.invalidate(ModerationRepository.key(roomId, userId));
        }
    }

    /** Another replica (or this one) changed a ban, a mute or the room's settings: the cached copy is stale. */
    void signalled(@Observes ChatSignalReceived received) {
        ChatSignal signal = received.signal();
        if (signal.kind() == ChatSignal.Kind.BAN || signal.kind() == ChatSignal.Kind.MODERATION) {
            forget(signal.roomId(), signal.userId());
        }
    }

    /** Closes sockets of users banned while a signal was lost; run periodically for the rooms this replica serves. */
    public void enforceBans(String roomId) {
        for (String userId : repository.bannedUsers(roomId)) {
            rooms.closeUser(roomId, userId, 4403, "banned from this room");
        }
    }

    private void changed(String roomId, String userId, ChatSignal.Kind kind) {
        forget(roomId, userId);
        publisher.signal(kind, roomId, userId, null);
    }

    private Standing standing(String roomId, String userId) {
        String key = ModerationRepository.key(roomId, userId);
        Standing cached = standings.getIfPresent(key);
        if (cached == null) {
            cached = readStanding(roomId, userId);
            standings.put(key, cached);
        }
        return cached;
    }

    /** The background refresh's read (the key is roomId/userId, and room ids hold no '/'). */
    private Standing loadStanding(String key) {
        int slash = key.indexOf('/');
        return readStanding(key.substring(0, slash), key.substring(slash + 1));
    }

    private Standing readStanding(String roomId, String userId) {
        return new Standing(repository.banned(roomId, userId), repository.mutedUntil(roomId, userId));
    }
}
