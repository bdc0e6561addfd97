package dev.encore.support.events;

import java.time.Instant;

/**
 * On {@value Topics#PLAYLIST_EVENTS}, key {@code playlistId}: a playlist changed; {@code version} is the playlist's
 * version after the change, so a consumer can tell a stale event from a fresh one.
 */
public record PlaylistEvent(Kind kind, String playlistId, String ownerId, boolean isPublic, String version, Instant at) {

    public enum Kind { ADDED, REMOVED, MOVED, UPDATED, DELETED }
}
