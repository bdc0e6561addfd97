package dev.encore.graphql.events;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;

import dev.encore.support.events.CatalogEvent;
import dev.encore.support.events.Topics;
import dev.encore.support.kafka.KafkaSettings;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Publishes {@link CatalogEvent}s on {@value Topics#CATALOG_EVENTS}, keyed by entity id, as the events catalogue
 * describes them.
 *
 * <p>Why fire-and-forget: the write is already committed in MongoDB when the event goes out, so a Kafka outage must
 * not fail the mutation. The producer buffers and retries for {@code catalog-events.delivery-timeout}; an event that
 * still cannot be delivered is counted and logged. Other replicas then keep their in-process copy until its short
 * TTL runs out. {@code send} can block while Kafka metadata is missing, so it runs on a virtual thread.
 */
@ApplicationScoped
public class CatalogEventPublisher {

    private static final System.Logger LOG = System.getLogger(CatalogEventPublisher.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    Config config;

    @Inject
    MetricRegistry metrics;

    @Inject
    @ConfigProperty(name = "catalog-events.delivery-timeout", defaultValue = "PT30S")
    java.time.Duration deliveryTimeout;

    private KafkaProducer<String, String> producer;
    private final Clock clock = Clock.systemUTC();

    public void publish(CatalogEvent.Kind kind, CatalogEvent.EntityType type, String id) {
        CatalogEvent event = new CatalogEvent(kind, type, id, clock.instant());
        String json = JSON.toJson(event);
        Thread.ofVirtual().name("catalog-event-send").start(() -> {
            try {
                producer().send(new ProducerRecord<>(Topics.CATALOG_EVENTS, id, json), (metadata, failure) -> {
                    if (failure != null) {
                        failed(event, failure);
                    }
                });
            } catch (RuntimeException failure) {
                failed(event, failure);
            }
        });
    }

    private void failed(CatalogEvent event, Exception failure) {
        metrics.counter("encore.events.failed", new Tag("topic", Topics.CATALOG_EVENTS)).inc();
        LOG.log(Level.WARNING, "Could not publish " + event + ": " + failure);
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties properties = new Properties();
            properties.putAll(KafkaSettings.clientProperties(config));
            int timeout = (int) deliveryTimeout.toMillis();
            properties.putAll(Map.of(
                    ProducerConfig.CLIENT_ID_CONFIG, "graphql-api-catalog-events",
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Math.min(timeout, 5000)),
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(timeout, 5000)),
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(timeout, 5000)),
                    ProducerConfig.LINGER_MS_CONFIG, "0"));
            producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
        }
    }
}
