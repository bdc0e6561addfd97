package dev.encore.support.events;

import java.time.Instant;

/** On {@value Topics#CATALOG_EVENTS}, key {@code id}: an artist, album or song was created, updated or deleted. */
public record CatalogEvent(Kind kind, EntityType entityType, String id, Instant at) {

    public enum Kind { CREATED, UPDATED, DELETED }

    public enum EntityType { ARTIST, ALBUM, SONG }
}
