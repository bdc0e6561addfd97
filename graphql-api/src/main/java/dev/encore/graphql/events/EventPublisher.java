package dev.encore.graphql.events;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Properties;

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
 * graphql-api's one Kafka producer: publishes the events catalogue's records ({@code CatalogEvent},
 * {@code PlaylistEvent}, {@code LiveEventChange}) as JSON, keyed as the catalogue says. Fire-and-forget: the state is
 * already committed in MongoDB, so a Kafka outage must not fail the write; undeliverable events are counted and
 * logged, and subscribers catch up from MongoDB. {@code send} can block while Kafka metadata is missing, so it runs
 * on a virtual thread.
 */
@ApplicationScoped
public class EventPublisher {

    private static final System.Logger LOG = System.getLogger(EventPublisher.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    Config config;

    @Inject
    MetricRegistry metrics;

    @Inject
    @ConfigProperty(name = "catalog-events.delivery-timeout", defaultValue = "PT30S")
    java.time.Duration deliveryTimeout;

    private KafkaProducer<String, String> producer;

    public void publish(String topic, String key, Object event) {
        String json = JSON.toJson(event);
        Thread.ofVirtual().name("event-send").start(() -> {
            try {
                producer().send(new ProducerRecord<>(topic, key, json), (metadata, failure) -> {
                    if (failure != null) {
                        failed(topic, json, failure);
                    }
                });
            } catch (RuntimeException failure) {
                failed(topic, json, failure);
            }
        });
    }

    private void failed(String topic, String json, Exception failure) {
        metrics.counter("encore.events.failed", new Tag("topic", topic)).inc();
        LOG.log(Level.WARNING, "Could not publish " + json + " on " + topic + ": " + failure);
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties properties = new Properties();
            properties.putAll(KafkaSettings.clientProperties(config));
            int timeout = (int) deliveryTimeout.toMillis();
            properties.putAll(Map.of(
                    ProducerConfig.CLIENT_ID_CONFIG, "graphql-api-events",
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
