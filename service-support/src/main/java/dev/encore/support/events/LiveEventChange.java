package dev.encore.support.events;

import java.time.Instant;

/**
 * On {@value Topics#LIVE_EVENTS}, key {@code eventId}: a live event changed status, or started its next song.
 * For {@code NOW_PLAYING} the song fields and {@code index} (0-based, in the snapshotted playlist) are set.
 */
public record LiveEventChange(Kind kind, String eventId, String status, String songId, String songTitle,
                              String artistName, Integer index, Instant startedAt, Instant at) {

    public enum Kind { STATUS, NOW_PLAYING }
}
