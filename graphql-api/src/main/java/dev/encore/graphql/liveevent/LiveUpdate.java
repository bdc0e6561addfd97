package dev.encore.graphql.liveevent;

import dev.encore.support.events.LiveEventChange;

/** What the hub carries for {@code live:<id>}: the change from Kafka and the event as read after it. */
public record LiveUpdate(LiveEventChange change, LiveEventDocument event) {
}
