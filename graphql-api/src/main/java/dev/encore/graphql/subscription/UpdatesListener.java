package dev.encore.graphql.subscription;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.encore.graphql.liveevent.LiveEventApi;
import dev.encore.graphql.liveevent.LiveEventService;
import dev.encore.graphql.playlist.PlaylistApi;
import dev.encore.graphql.playlist.PlaylistRepository;
import dev.encore.support.events.LiveEventChange;
import dev.encore.support.events.PlaylistEvent;
import dev.encore.support.events.Topics;
import dev.encore.support.kafka.KafkaSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every replica's ear on {@value Topics#PLAYLIST_EVENTS} and {@value Topics#LIVE_EVENTS}, feeding its own
 * subscribers through the {@link SubscriptionHub}: a change made on, or scheduled by, another replica reaches the
 * subscribers of this one. Same shape as the catalog listener (a group of its own per instance, from the end of the
 * topics, no commits), for the same reason: every replica must see every event.
 *
 * <p>The state after a change is read once here per event (only when this replica has subscribers for it), not once
 * per subscriber.
 */
@ApplicationScoped
public class UpdatesListener {

    private static final System.Logger LOG = System.getLogger(UpdatesListener.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    Config config;

    @Inject
    SubscriptionHub hub;

    @Inject
    PlaylistRepository playlists;

    @Inject
    PlaylistStateRelay playlistRelay;

    @Inject
    LiveEventService liveEvents;

    @Inject
    LiveStateRelay relay;

    @Inject
    @ConfigProperty(name = "subscriptions.listen", defaultValue = "true")
    boolean listen;

    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean running;
    private volatile boolean assigned;
    private Thread thread;

    void start(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        if (!listen) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name("updates-listener").start(this::run);
    }

    /** True once the consumer has its partitions (tests wait for it before producing). */
    public boolean ready() {
        return assigned;
    }

    private void run() {
        Properties properties = new Properties();
        properties.putAll(KafkaSettings.clientProperties(config));
        properties.putAll(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "graphql-api-subscriptions-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.CLIENT_ID_CONFIG, "graphql-api-subscriptions",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "10000"));
        while (running) {
            ensureTopics();
            try (KafkaConsumer<String, String> kafka =
                         new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
                consumer = kafka;
                kafka.subscribe(List.of(Topics.PLAYLIST_EVENTS, Topics.LIVE_EVENTS),
                        new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                            @Override
                            public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> p) {
                            }

                            @Override
                            public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> p) {
                                LOG.log(Level.INFO, "Listening for playlist and live event updates on " + p.size()
                                                    + " partitions");
                                assigned = p.stream().map(org.apache.kafka.common.TopicPartition::topic).distinct()
                                                   .count() == 2;
                            }
                        });
                while (running) {
                    for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(200))) {
                        handle(record.topic(), record.value());
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "The updates listener failed; restarting it", e);
                sleep();
            }
        }
    }

    private void handle(String topic, String json) {
        try {
            if (Topics.PLAYLIST_EVENTS.equals(topic)) {
                PlaylistEvent event = JSON.fromJson(json, PlaylistEvent.class);
                String key = PlaylistApi.key(event.playlistId());
                if (hub.hasSubscribers(key)) {
                    var after = event.kind() == PlaylistEvent.Kind.DELETED ? null
                            : playlists.findById(event.playlistId()).await().atMost(Duration.ofSeconds(5));
                    playlistRelay.changed(event.playlistId(), event.kind().name(), after);
                }
            } else {
                LiveEventChange change = JSON.fromJson(json, LiveEventChange.class);
                String key = LiveEventApi.key(change.eventId());
                if (hub.hasSubscribers(key)) {
                    var after = liveEvents.find(change.eventId()).await().atMost(Duration.ofSeconds(5));
                    relay.changed(change, after);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Ignoring an update on " + topic + " that cannot be handled: " + e);
        }
    }

    /**
     * Creates the two topics with the broker's defaults when they do not exist yet (what auto-creation would do on the
     * first publish), so that this consumer is assigned their partitions before the first event, not minutes later.
     */
    private void ensureTopics() {
        Properties properties = new Properties();
        properties.putAll(KafkaSettings.clientProperties(config));
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(properties)) {
            var existing = admin.listTopics().names().get(5, java.util.concurrent.TimeUnit.SECONDS);
            var missing = java.util.stream.Stream.of(Topics.PLAYLIST_EVENTS, Topics.LIVE_EVENTS)
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new org.apache.kafka.clients.admin.NewTopic(topic, java.util.Optional.empty(),
                            java.util.Optional.empty()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // Someone else created them first, or Kafka is down: subscribing still works once they exist.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        KafkaConsumer<String, String> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
