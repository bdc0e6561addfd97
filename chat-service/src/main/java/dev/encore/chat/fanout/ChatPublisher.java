package dev.encore.chat.fanout;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.encore.chat.model.ChatBroadcasts;
import dev.encore.chat.model.Message;
import dev.encore.support.events.ChatMessageEvent;
import dev.encore.support.events.ChatSignal;
import dev.encore.support.events.Topics;
import dev.encore.support.kafka.KafkaPublisher;
import dev.encore.support.kafka.KafkaPublisher.Profile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/**
 * chat-service's publishing, behind the {@link ChatBroadcasts} port the rules use: acknowledged sends through the
 * shared {@link KafkaPublisher} with {@link Profile#CHAT}, under a client id naming this replica. The profile's
 * timeouts are short on purpose: a message is already stored when it is published, so a broker outage should cost the
 * sender an error frame within seconds (it resends with the same {@code clientId}, which republishes the stored
 * message) rather than a long silent wait.
 */
@ApplicationScoped
public class ChatPublisher implements ChatBroadcasts {

    private static final Logger LOG = Logger.getLogger(ChatPublisher.class.getName());

    @Inject
    KafkaPublisher kafka;

    private final String instanceId = UUID.randomUUID().toString();
    private final Profile profile = Profile.CHAT.withClientId("chat-" + instanceId);
    private final Jsonb jsonb = JsonbBuilder.create();

    /** This replica's id: its consumer ignores signals it sent itself when it already acted on them. */
    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public CompletionStage<Void> message(Message m) {
        return send(Topics.CHAT_MESSAGES, m.roomId(), jsonb.toJson(new ChatMessageEvent(ChatMessageEvent.Kind.MESSAGE,
                m.id(), m.roomId(), m.userId(), m.displayName(), m.text(), m.clientId(), m.ts())));
    }

    @Override
    public CompletionStage<Void> deleted(String roomId, String id) {
        return send(Topics.CHAT_MESSAGES, roomId, jsonb.toJson(new ChatMessageEvent(ChatMessageEvent.Kind.DELETED,
                id, roomId, null, null, null, null, Instant.now())));
    }

    @Override
    public CompletionStage<Void> signal(ChatSignal.Kind kind, String roomId, String userId, String displayName) {
        return send(Topics.CHAT_SIGNALS, roomId,
                jsonb.toJson(new ChatSignal(kind, roomId, userId, displayName, instanceId, Instant.now())));
    }

    /** Completes on the broker's acknowledgement; a failure (broker away past the profile's timeouts) fails it. */
    private CompletionStage<Void> send(String topic, String key, String value) {
        return kafka.send(profile, topic, key, value).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.log(Level.FINE, "publish to " + topic + " failed", error);
            }
        });
    }
}
