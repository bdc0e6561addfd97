package dev.encore.graphql.events;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.encore.graphql.cache.CatalogCache;
import dev.encore.support.events.CatalogEvent;
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
 * Every replica's ear on {@value Topics#CATALOG_EVENTS}: each event evicts the entity it names from this replica's
 * cache, whichever replica wrote it (the writer itself included, which makes a late second eviction that closes the
 * read-then-write race of the first).
 *
 * <p>Why a plain consumer in its own consumer group per instance (random suffix), rather than Reactive Messaging
 * with a shared group: cache invalidation must reach every replica, not one of them. The group never commits offsets
 * and starts at the end of the topic (what happened before this replica started cannot be in its cache), so nothing
 * is left behind on the broker when the replica goes away.
 */
@ApplicationScoped
public class CatalogEventListener {

    private static final System.Logger LOG = System.getLogger(CatalogEventListener.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    Config config;

    @Inject
    CatalogCache cache;

    @Inject
    @ConfigProperty(name = "catalog-events.listen", defaultValue = "true")
    boolean listen;

    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean running;
    private Thread thread;

    void start(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        if (!listen) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name("catalog-events-listener").start(this::run);
    }

    private void run() {
        Properties properties = new Properties();
        properties.putAll(KafkaSettings.clientProperties(config));
        properties.putAll(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "graphql-api-cache-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.CLIENT_ID_CONFIG, "graphql-api-cache-listener"));
        try (KafkaConsumer<String, String> kafka =
                     new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer = kafka;
            kafka.subscribe(List.of(Topics.CATALOG_EVENTS));
            while (running) {
                for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(500))) {
                    handle(record.value());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "The catalog events listener stopped", e);
        }
    }

    private void handle(String json) {
        try {
            CatalogEvent event = JSON.fromJson(json, CatalogEvent.class);
            // A creation cannot have stale copies anywhere (misses are not cached); its search staleness is handled
            // by the writer, which moves the search generation.
            if (event != null && event.entityType() != null && event.id() != null
                && event.kind() != CatalogEvent.Kind.CREATED) {
                cache.evict(event.entityType().name().toLowerCase(java.util.Locale.ROOT), event.id())
                        .subscribe().with(ignored -> { });
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Ignoring a catalog event that does not parse: " + e.getMessage());
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
