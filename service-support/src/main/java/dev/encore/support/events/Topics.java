package dev.encore.support.events;

/** Kafka topic names. Each payload record's Javadoc says which topic carries it and what its key is. */
public final class Topics {

    /** {@link UserEvent}s from identity-service, keyed by user id. */
    public static final String USER_EVENTS = "user-events";
    /** {@link CatalogEvent}s from graphql-api, keyed by entity id. */
    public static final String CATALOG_EVENTS = "catalog-events";
    /** {@link PlaylistEvent}s from graphql-api, keyed by playlist id. */
    public static final String PLAYLIST_EVENTS = "playlist-events";
    /** {@link LiveEventChange}s from graphql-api's scheduler, keyed by live event id. */
    public static final String LIVE_EVENTS = "live-events";
    /** {@link MediaEvent}s from media-service, keyed by media id. */
    public static final String MEDIA_EVENTS = "media-events";
    /** {@link ChatMessageEvent}s from chat-service, keyed by room id so a room's messages keep their order. */
    public static final String CHAT_MESSAGES = "chat-messages";

    /** {@link ChatSignal}s between chat-service replicas (typing, presence, bans), keyed by room id. */
    public static final String CHAT_SIGNALS = "chat-signals";

    private Topics() {
    }
}
