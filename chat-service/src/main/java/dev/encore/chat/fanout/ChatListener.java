package dev.encore.chat.fanout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.encore.chat.ChatMetrics;
import dev.encore.chat.delivery.Frames;
import dev.encore.chat.delivery.LocalRooms;
import dev.encore.chat.model.ChatSignalReceived;
import dev.encore.chat.model.Message;
import dev.encore.support.events.ChatMessageEvent;
import dev.encore.support.events.ChatSignal;
import dev.encore.support.events.LiveEventChange;
import dev.encore.support.events.Topics;
import dev.encore.support.kafka.ReplicaListener;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.eclipse.microprofile.config.Config;

/**
 * Every replica reads every partition of {@code chat-messages}, {@code chat-signals} and {@code live-events} from the
 * end, through the shared {@link ReplicaListener}: no consumer group, so each replica sees everything, nothing is
 * committed, and replicas coming and going cause no rebalance pause; it starts over after a failure. History comes
 * from MongoDB, never from here. This class is the handlers.
 *
 * <p>Messages, deletes, typing and live-event frames go straight to {@link LocalRooms}. Presence, ban and moderation
 * signals are fired as a synchronous CDI event ({@link ChatSignalReceived}) that presence and moderation observe, so
 * this adapter depends on the delivery layer only, never on the rules above it.
 */
@ApplicationScoped
public class ChatListener {

    private static final Logger LOG = Logger.getLogger(ChatListener.class.getName());
    private static final List<String> TOPICS = List.of(Topics.CHAT_MESSAGES, Topics.CHAT_SIGNALS, Topics.LIVE_EVENTS);

    @Inject
    Config config;

    @Inject
    LocalRooms rooms;

    @Inject
    Event<ChatSignalReceived> signals;

    @Inject
    ChatPublisher publisher;

    @Inject
    ChatMetrics metrics;

    private final Jsonb jsonb = JsonbBuilder.create();
    private ReplicaListener listener;

    void start(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        listener = new ReplicaListener("chat-listener-" + publisher.instanceId(), config, TOPICS, this::handle);
        metrics.gauge("chat.kafka.lag", listener::lag);
        listener.start();
    }

    /**
     * True once this replica has a position on every partition of its topics: until then a socket could miss
     * messages published meanwhile.
     */
    public boolean ready() {
        return listener != null && listener.ready();
    }

    @PreDestroy
    void stop() {
        if (listener != null) {
            listener.stop();
        }
    }

    /** One record; a record it cannot read or deliver is logged and skipped, so it cannot restart the listener. */
    private void handle(String topic, String value) {
        try {
            switch (topic) {
                case Topics.CHAT_MESSAGES -> chatMessage(jsonb.fromJson(value, ChatMessageEvent.class));
                case Topics.CHAT_SIGNALS -> signal(jsonb.fromJson(value, ChatSignal.class));
                case Topics.LIVE_EVENTS -> liveEvent(jsonb.fromJson(value, LiveEventChange.class));
                default -> { }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "skipping unreadable record on " + topic, e);
        }
    }

    private void chatMessage(ChatMessageEvent event) {
        if (event.kind() == ChatMessageEvent.Kind.DELETED) {
            rooms.broadcast(event.roomId(), Frames.deleted(event.id()));
        } else if (event.kind() == ChatMessageEvent.Kind.MESSAGE && Message.parseId(event.id()) > 0) {
            rooms.offer(new Message(event.id(), event.roomId(), event.userId(), event.displayName(), event.text(),
                    event.ts(), event.clientId()));
        }
    }

    private void signal(ChatSignal signal) {
        boolean mine = publisher.instanceId().equals(signal.instanceId());
        switch (signal.kind()) {
            case TYPING -> {
                if (!mine) {
                    rooms.broadcastToOthers(signal.roomId(), signal.userId(),
                            Frames.typing(signal.userId(), signal.displayName()));
                }
            }
            case PRESENCE, MODERATION -> signals.fire(new ChatSignalReceived(signal, mine));
            case BAN -> {
                // Synchronous: moderation forgets the cached standing before the sockets close, as it did when called.
                signals.fire(new ChatSignalReceived(signal, mine));
                rooms.closeUser(signal.roomId(), signal.userId(), 4403, "banned from this room");
            }
        }
    }

    private void liveEvent(LiveEventChange change) {
        if (change.eventId() == null || rooms.room(change.eventId()) == null) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("eventId", change.eventId());
        String frame;
        if (change.kind() == LiveEventChange.Kind.NOW_PLAYING) {
            fields.put("songId", change.songId());
            fields.put("songTitle", change.songTitle());
            fields.put("artistName", change.artistName());
            fields.put("index", change.index());
            fields.put("startedAt", change.startedAt() == null ? null : change.startedAt().toString());
            String text = "Now playing: " + change.songTitle()
                    + (change.artistName() == null ? "" : " by " + change.artistName());
            frame = Frames.system("nowPlaying", text, fields);
        } else {
            fields.put("status", change.status());
            fields.put("at", change.at() == null ? null : change.at().toString());
            frame = Frames.system("status", "The event is now " + change.status(), fields);
        }
        rooms.broadcast(change.eventId(), frame);
    }
}
