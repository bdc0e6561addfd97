package dev.encore.graphql.playlist;

/** What the hub carries for {@code playlist:<id>}: the event's kind and the playlist as read after it (null if gone). */
public record PlaylistChange(String kind, PlaylistDocument playlist) {
}
