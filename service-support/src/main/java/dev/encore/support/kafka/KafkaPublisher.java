package dev.encore.support.kafka;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * A service's Kafka producers: one per {@link Profile}, created on first use with the service's client properties
 * ({@link KafkaSettings}: brokers, SASL/TLS) and the profile's timeouts. String keys and values, {@code acks=all}.
 *
 * <p>Two modes. {@link #fireAndForget} is for events about state already committed elsewhere, where a Kafka outage
 * must not fail the caller: it serializes with JSON-B and hands the event to the profile's sender, one virtual thread
 * that sends in call order (so one key's events keep their order even while the producer waits for the broker's
 * metadata; {@code send} blocks for up to the profile's {@code max.block.ms} then, and otherwise buffers in
 * {@code buffer.memory}). At most {@value #PENDING} events wait for that thread, as Reactive Messaging's emitter
 * buffer did; an event that cannot be delivered, or finds the queue full, is counted
 * ({@code encore.events.failed{topic}}) and logged (topic and key). {@link #send} is the
 * acknowledged mode: it completes when the broker has the record, or fails, for callers that must know (an error
 * frame, an outbox).
 */
@ApplicationScoped
public class KafkaPublisher {

    private static final System.Logger LOG = System.getLogger(KafkaPublisher.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();

    /** Events that may wait for a profile's sender, as many as identity's Reactive Messaging emitter buffered. */
    static final int PENDING = 1024;

    @Inject
    Config config;

    @Inject
    MetricRegistry metrics;

    private final Map<Profile, Producer<String, String>> producers = new ConcurrentHashMap<>();
    private final Map<Profile, ExecutorService> senders = new ConcurrentHashMap<>();

    /** Sends {@code event} as JSON without waiting; failures are counted and logged, never thrown. */
    public void fireAndForget(Profile profile, String topic, String key, Object event) {
        String json = JSON.toJson(event);
        try {
            sender(profile).execute(() -> send(profile, topic, key, json).whenComplete((ok, failure) -> {
                if (failure != null) {
                    failed(topic, key, failure);
                }
            }));
        } catch (RejectedExecutionException full) {
            failed(topic, key, full);
        }
    }

    private void failed(String topic, String key, Throwable failure) {
        metrics.counter("encore.events.failed", new Tag("topic", topic)).inc();
        // topic and key only: an event may name a person (a user's display name)
        LOG.log(Level.WARNING, "Could not publish the event keyed " + key + " on " + topic + ": " + failure);
    }

    private ExecutorService sender(Profile profile) {
        return senders.computeIfAbsent(profile, p -> new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(PENDING), Thread.ofVirtual().name("kafka-send").factory()));
    }

    /**
     * Sends {@code json}; the stage completes once the broker acknowledged it, or fails with why not (including when
     * the broker's metadata cannot be had within the profile's {@code max.block.ms}). Blocks the calling thread for
     * up to that long while the broker is unreachable.
     */
    public CompletionStage<Void> send(Profile profile, String topic, String key, String json) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer(profile).send(new ProducerRecord<>(topic, key, json), (metadata, failure) -> {
                if (failure == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException failure) {
            done.completeExceptionally(failure);
        }
        return done;
    }

    private Producer<String, String> producer(Profile profile) {
        return producers.computeIfAbsent(profile, p -> new KafkaProducer<>(
                p.properties(KafkaSettings.clientProperties(config)), new StringSerializer(), new StringSerializer()));
    }

    @PreDestroy
    void close() {
        senders.values().forEach(ExecutorService::shutdown);
        producers.values().forEach(producer -> producer.close(Duration.ofSeconds(2)));
    }

    /**
     * How one use of Kafka produces: the settings each service had before they shared this class, kept exactly
     * (a {@code null} leaves Kafka's default, as before). The outage behaviour the drills measure depends on them.
     *
     * @param clientId            {@code client.id}; null: Kafka numbers it ({@code producer-N})
     * @param maxBlock            {@code max.block.ms}: how long {@code send} waits for metadata (broker away)
     * @param request             {@code request.timeout.ms}: how long one request waits for its answer
     * @param delivery            {@code delivery.timeout.ms}: how long a record is retried before it fails
     * @param linger              {@code linger.ms}
     * @param idempotent          {@code enable.idempotence}; null: Kafka's default (on, given {@code acks=all})
     * @param reconnectBackoffMax {@code reconnect.backoff.max.ms}
     */
    public record Profile(String clientId, Duration maxBlock, Duration request, Duration delivery, Duration linger,
                          Boolean idempotent, Duration reconnectBackoffMax) {

        /** chat-service: a stored message that cannot be published costs the sender an error frame within seconds. */
        public static final Profile CHAT = new Profile(null, Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofMillis(1), true, null);

        /** media-service's outbox: it retries itself, so the producer only has to give up in time to move on. */
        public static final Profile MEDIA_OUTBOX = new Profile("media-service", Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(10), null, true, Duration.ofSeconds(5));

        /**
         * identity-service's {@code user-events}: what its Reactive Messaging channel set ({@code acks=all},
         * {@code max.block.ms=5000}); everything else is Kafka's default.
         */
        public static final Profile IDENTITY = new Profile(null, Duration.ofSeconds(5), null, null, null, null, null);

        /**
         * graphql-api's events: Kafka retries an event for {@code deliveryTimeout} (at least 5 s), while a missing
         * broker blocks a send, and a silent one a request, for at most 5 s.
         */
        public static Profile graphqlEvents(Duration deliveryTimeout) {
            Duration fiveSeconds = Duration.ofSeconds(5);
            return new Profile("graphql-api-events", min(deliveryTimeout, fiveSeconds), min(deliveryTimeout, fiveSeconds),
                    max(deliveryTimeout, fiveSeconds), Duration.ZERO, null, null);
        }

        /** This profile under another {@code client.id} (chat names its producer after the replica). */
        public Profile withClientId(String id) {
            return new Profile(id, maxBlock, request, delivery, linger, idempotent, reconnectBackoffMax);
        }

        /** The producer properties: {@code client} (brokers, security) plus this profile's settings. */
        public Map<String, Object> properties(Map<String, Object> client) {
            Map<String, Object> properties = new HashMap<>(client);
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            put(properties, ProducerConfig.CLIENT_ID_CONFIG, clientId);
            put(properties, ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock);
            put(properties, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
            put(properties, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
            put(properties, ProducerConfig.LINGER_MS_CONFIG, linger);
            put(properties, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
            put(properties, ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, reconnectBackoffMax);
            return properties;
        }

        private static void put(Map<String, Object> properties, String name, Object value) {
            if (value instanceof Duration duration) {
                properties.put(name, String.valueOf(duration.toMillis()));
            } else if (value != null) {
                properties.put(name, String.valueOf(value));
            }
        }

        private static Duration min(Duration a, Duration b) {
            return a.compareTo(b) <= 0 ? a : b;
        }

        private static Duration max(Duration a, Duration b) {
            return a.compareTo(b) >= 0 ? a : b;
        }
    }
}
