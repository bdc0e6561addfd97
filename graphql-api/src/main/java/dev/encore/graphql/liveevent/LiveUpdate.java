package dev.encore.graphql.liveevent;

import dev.encore.support.events.LiveEventChange;

/**
 * What the hub carries for {@code live:<id>}: the change from Kafka and, for a status change, the event as read after
 * it (null for a song change, which carries what {@code nowPlaying} sends).
 */
public record LiveUpdate(LiveEventChange change, LiveEventDocument event) {
}
