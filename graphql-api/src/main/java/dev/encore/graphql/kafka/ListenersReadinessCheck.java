package dev.encore.graphql.kafka;

import dev.encore.support.kafka.ReplicaListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until this replica's {@link ReplicaListener}s hear everything published from now on: a replica that
 * served traffic earlier could cache an entity and miss the event that evicts it, or miss a subscriber's update. A
 * listener switched off by configuration does not hold readiness back. Reads two volatile flags: cheap, thread-safe.
 */
@Readiness
@ApplicationScoped
public class ListenersReadinessCheck implements HealthCheck {

    @Inject
    CatalogEventListener catalogEvents;

    @Inject
    UpdatesListener updates;

    @Override
    public HealthCheckResponse call() {
        boolean cache = catalogEvents.ready();
        boolean subscriptions = updates.ready();
        return HealthCheckResponse.named("kafka-listeners").status(cache && subscriptions)
                .withData("catalog-events", cache).withData("subscriptions", subscriptions).build();
    }
}
