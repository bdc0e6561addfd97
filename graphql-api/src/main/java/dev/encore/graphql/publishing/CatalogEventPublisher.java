package dev.encore.graphql.publishing;

import java.time.Clock;

import dev.encore.support.events.CatalogEvent;
import dev.encore.support.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Publishes {@link CatalogEvent}s on {@value Topics#CATALOG_EVENTS}, keyed by entity id, as the events catalogue
 * describes them.
 *
 * <p>Why fire-and-forget: the write is already committed in MongoDB when the event goes out, so a Kafka outage must
 * not fail the mutation. {@link GraphqlEvents} buffers and retries for {@code catalog-events.delivery-timeout}; an
 * event that still cannot be delivered is counted and logged. Other replicas then keep their in-process copy until its
 * short TTL runs out.
 */
@ApplicationScoped
public class CatalogEventPublisher {

    @Inject
    GraphqlEvents events;

    private final Clock clock = Clock.systemUTC();

    public void publish(CatalogEvent.Kind kind, CatalogEvent.EntityType type, String id) {
        events.publish(Topics.CATALOG_EVENTS, id, new CatalogEvent(kind, type, id, clock.instant()));
    }
}
