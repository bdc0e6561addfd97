package dev.encore.chat.fanout;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.encore.chat.model.ChatBroadcasts;
import dev.encore.chat.model.Message;
import dev.encore.support.events.ChatMessageEvent;
import dev.encore.support.events.ChatSignal;
import dev.encore.support.events.Topics;
import dev.encore.support.kafka.KafkaSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;

/**
 * The one Kafka producer of chat-service, behind the {@link ChatBroadcasts} port the rules use. Timeouts are short on purpose: a message is already stored when it is
 * published, so a broker outage should cost the sender an error frame within seconds (it resends with the same
 * {@code clientId}, which republishes the stored message) rather than a long silent wait.
 */
@ApplicationScoped
public class ChatPublisher implements ChatBroadcasts {

    private static final Logger LOG = Logger.getLogger(ChatPublisher.class.getName());

    @Inject
    Config config;

    private final String instanceId = UUID.randomUUID().toString();
    private final Jsonb jsonb = JsonbBuilder.create();
    private KafkaProducer<String, String> producer;

    @PostConstruct
    void init() {
        Map<String, Object> props = KafkaSettings.clientProperties(config);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "chat-" + instanceId);
        producer = new KafkaProducer<>(props);
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(2));
    }

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

    private CompletionStage<Void> send(String topic, String key, String value) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    LOG.log(Level.FINE, "publish to " + topic + " failed", error);
                    done.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            // send() throws when the metadata cannot be fetched within max.block.ms (broker unreachable).
            done.completeExceptionally(e);
        }
        return done;
    }
}
