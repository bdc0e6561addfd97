package dev.encore.media.upload;

import java.time.Instant;
import java.util.Map;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** The JSON of {@code POST /media} and {@code GET /media/{id}}; the contract's fields first, measured facts after. */
@JsonbPropertyOrder({"id", "contentType", "size", "sha256", "durationMs", "streamUrl", "format", "bitrate",
                     "sampleRate", "channels", "tags", "ownerId", "createdAt"})
public record MediaResponse(String id, String contentType, long size, String sha256, Long durationMs, String streamUrl,
                            String format, Long bitrate, Integer sampleRate, Integer channels, Map<String, String> tags,
                            String ownerId, Instant createdAt) {

    static MediaResponse of(Media media, String streamUrl) {
        return new MediaResponse(media.id(), media.format().contentType(), media.size(), media.sha256(),
                                 media.metadata().durationMs(), streamUrl, media.format().name(),
                                 media.metadata().bitrate(), media.metadata().sampleRate(), media.metadata().channels(),
                                 media.metadata().tags(), media.ownerId(), media.createdAt());
    }
}
