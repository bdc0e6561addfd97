package dev.encore.chat.moderation;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * Bans, mutes and room settings are cached per replica for a few seconds so a busy room does not read
 * MongoDB per message; a change made on any replica reaches the others at once as a {@link ChatSignal} (observed
 * here as a {@link ChatSignalReceived}), and the cache expiry bounds the staleness when Kafka is down.
 */
@ApplicationScoped
public class ModerationService {

    private static final Duration CACHE_TTL = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Inject
    ModerationRepository repository;

    @Inject
    RateLimiter limiter;

    @Inject
    LocalRooms rooms;

    @Inject
    ChatBroadcasts publisher;

    private record Standing(boolean banned, Instant mutedUntil, long loadedNanos) { }

    private record Settings(int slowModeSeconds, long loadedNanos) { }

    private final Map<String, Standing> standings = new ConcurrentHashMap<>();
    private final Map<String, Settings> settings = new ConcurrentHashMap<>();

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
        Settings cached = settings.get(roomId);
        if (cached == null || System.nanoTime() - cached.loadedNanos() > CACHE_TTL.toNanos()) {
            cached = new Settings(repository.slowModeSeconds(roomId).await().atMost(TIMEOUT), System.nanoTime());
            settings.put(roomId, cached);
        }
        return cached.slowModeSeconds();
    }

    public void setSlowMode(String roomId, int seconds, String by) {
        repository.setSlowModeSeconds(roomId, seconds, by).await().atMost(TIMEOUT);
        settings.remove(roomId);
        publisher.signal(ChatSignal.Kind.MODERATION, roomId, null, null);
    }

    public Instant mute(String roomId, String userId, int seconds, String by) {
        Instant until = Instant.now().plusSeconds(seconds);
        repository.mute(roomId, userId, until, by).await().atMost(TIMEOUT);
        changed(roomId, userId, ChatSignal.Kind.MODERATION);
        return until;
    }

    public void unmute(String roomId, String userId) {
        repository.unmute(roomId, userId).await().atMost(TIMEOUT);
        changed(roomId, userId, ChatSignal.Kind.MODERATION);
    }

    /** Stores the ban and closes the user's sockets in the room, here at once and on other replicas via a signal. */
    public void ban(String roomId, String userId, String by) {
        repository.ban(roomId, userId, by).await().atMost(TIMEOUT);
        changed(roomId, userId, ChatSignal.Kind.BAN);
        rooms.closeUser(roomId, userId, 4403, "banned from this room");
    }

    public void unban(String roomId, String userId) {
        repository.unban(roomId, userId).await().atMost(TIMEOUT);
        changed(roomId, userId, ChatSignal.Kind.MODERATION);
    }

    /** Drops cached standing (null user: the room's settings and every standing in it). */
    public void forget(String roomId, String userId) {
        if (userId == null) {
            settings.remove(roomId);
            standings.keySet().removeIf(k -> k.startsWith(roomId + "/"));
        } else {
            standings.remove(ModerationRepository.key(roomId, userId));
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
        for (String userId : repository.bannedUsers(roomId).await().atMost(TIMEOUT)) {
            rooms.closeUser(roomId, userId, 4403, "banned from this room");
        }
    }

    private void changed(String roomId, String userId, ChatSignal.Kind kind) {
        forget(roomId, userId);
        publisher.signal(kind, roomId, userId, null);
    }

    private Standing standing(String roomId, String userId) {
        String key = ModerationRepository.key(roomId, userId);
        Standing cached = standings.get(key);
        if (cached == null || System.nanoTime() - cached.loadedNanos() > CACHE_TTL.toNanos()) {
            boolean banned = repository.banned(roomId, userId).await().atMost(TIMEOUT);
            Instant mutedUntil = repository.mutedUntil(roomId, userId).await().atMost(TIMEOUT);
            cached = new Standing(banned, mutedUntil, System.nanoTime());
            standings.put(key, cached);
        }
        return cached;
    }
}
