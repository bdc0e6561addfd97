package dev.encore.media.upload;

import java.time.Instant;
import java.util.Map;

import dev.encore.support.events.MediaEvent;
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
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Publishes {@link MediaEvent}s on {@value Topics#MEDIA_EVENTS}, keyed by media id, as JSON.
 *
 * <p>Sending never blocks or fails an upload or a delete: the media is stored whatever Kafka's state, and a lost event
 * is logged and counted ({@code encore_media_events_total{outcome="failed"}}). The producer is idempotent with
 * {@code acks=all}, so what the broker accepted it keeps, once.
 */
@ApplicationScoped
public class MediaEventPublisher {

    private static final System.Logger LOG = System.getLogger(MediaEventPublisher.class.getName());

    @Inject
    Config config;

    @Inject
    MetricRegistry metrics;

    private final Jsonb jsonb = JsonbBuilder.create();
    private volatile KafkaProducer<String, String> producer;

    public void uploaded(Media media) {
        publish(new MediaEvent(MediaEvent.Kind.UPLOADED, media.id(), media.ownerId(), media.sha256(),
                               media.format().contentType(), media.size(), media.metadata().durationMs(), Instant.now()));
    }

    public void deleted(Media media) {
        publish(new MediaEvent(MediaEvent.Kind.DELETED, media.id(), media.ownerId(), media.sha256(),
                               media.format().contentType(), media.size(), media.metadata().durationMs(), Instant.now()));
    }

    private void publish(MediaEvent event) {
        String json = jsonb.toJson(event);
        try {
            producer().send(new ProducerRecord<>(Topics.MEDIA_EVENTS, event.mediaId(), json), (metadata, failure) -> {
                if (failure == null) {
                    count("sent");
                } else {
                    count("failed");
                    LOG.log(System.Logger.Level.ERROR, "media event lost: " + json + " (" + failure + ")");
                }
            });
        } catch (RuntimeException e) {
            count("failed");
            LOG.log(System.Logger.Level.ERROR, "media event lost: " + json + " (" + e + ")");
        }
    }

    private void count(String outcome) {
        metrics.counter("encore.media.events", new Tag("outcome", outcome)).inc();
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> properties = KafkaSettings.clientProperties(config);
                    properties.put(ProducerConfig.CLIENT_ID_CONFIG, "media-service");
                    properties.put(ProducerConfig.ACKS_CONFIG, "all");
                    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    // send() blocks while it has no metadata; an upload must not wait long on a down broker.
                    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
                    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
                    properties.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
                    producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
                }
                current = producer;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
