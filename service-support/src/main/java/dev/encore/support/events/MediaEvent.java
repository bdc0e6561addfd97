package dev.encore.support.events;

import java.time.Instant;

/** On {@value Topics#MEDIA_EVENTS}, key {@code mediaId}: audio was uploaded (with its measured facts) or deleted. */
public record MediaEvent(Kind kind, String mediaId, String ownerId, String sha256, String contentType, long size,
                         Long durationMs, Instant at) {

    public enum Kind { UPLOADED, DELETED }
}
