package dev.encore.graphql.publishing;

import java.time.Duration;

import dev.encore.support.kafka.KafkaPublisher;
import dev.encore.support.kafka.KafkaPublisher.Profile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * graphql-api's events (the catalogue's {@code CatalogEvent}, {@code PlaylistEvent}, {@code LiveEventChange}), sent
 * fire-and-forget through the shared {@link KafkaPublisher} with graphql's producer profile: the state is already
 * committed in MongoDB, so a Kafka outage must not fail the write. Kafka retries an event for
 * {@code catalog-events.delivery-timeout}; one that still cannot be delivered is counted and logged, and subscribers
 * catch up from MongoDB.
 */
@ApplicationScoped
public class GraphqlEvents {

    @Inject
    KafkaPublisher kafka;

    @Inject
    @ConfigProperty(name = "catalog-events.delivery-timeout")
    Duration deliveryTimeout;

    public void publish(String topic, String key, Object event) {
        kafka.fireAndForget(Profile.graphqlEvents(deliveryTimeout), topic, key, event);
    }
}
