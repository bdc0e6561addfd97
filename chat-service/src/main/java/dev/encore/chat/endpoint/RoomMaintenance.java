package dev.encore.chat.endpoint;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.encore.chat.ChatConfig;
import dev.encore.chat.delivery.Connections;
import dev.encore.chat.delivery.LocalRooms;
import dev.encore.chat.moderation.ModerationService;
import dev.encore.chat.presence.PresenceService;
import dev.encore.support.scheduling.Cancellable;
import dev.encore.support.scheduling.Timers;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The periodic work of a replica for its rooms: presence heartbeats and pruning (so a crashed replica's users vanish),
 * re-reading presence and bans (in case a signal was lost while Kafka was down), pings, and closing idle sockets
 * ({@link Connections}). It lives here, at the top, because it spans delivery, presence and moderation.
 */
@ApplicationScoped
public class RoomMaintenance {

    private static final Logger LOG = Logger.getLogger(RoomMaintenance.class.getName());

    @Inject
    ChatConfig config;

    @Inject
    LocalRooms rooms;

    @Inject
    Connections connections;

    @Inject
    PresenceService presence;

    @Inject
    ModerationService moderation;

    @Inject
    Timers timers;

    private Cancellable timer;
    private long lastHeartbeat;
    private long lastPing = System.nanoTime();

    void start(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        timer = timers.every("chat-maintenance", config.refreshInterval(), config.refreshInterval(), this::tick);
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.cancel();
        }
    }

    void tick() {
        long now = System.nanoTime();
        boolean heartbeat = now - lastHeartbeat >= config.presenceHeartbeat().toNanos();
        boolean ping = now - lastPing >= config.pingInterval().toNanos();
        if (heartbeat) {
            lastHeartbeat = now;
        }
        if (ping) {
            lastPing = now;
        }
        for (LocalRooms.LocalRoom room : List.copyOf(rooms.rooms())) {
            try {
                connections.sweep(room, now, ping);
                if (heartbeat) {
                    presence.heartbeat(room);
                }
                presence.refresh(room.roomId());
                moderation.enforceBans(room.roomId());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "maintenance of room " + room.roomId() + " failed", e);
            }
        }
    }
}
