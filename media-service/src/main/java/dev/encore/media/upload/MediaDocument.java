package dev.encore.media.upload;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.encore.media.metadata.AudioFormat;
import dev.encore.media.metadata.AudioMetadata;
import org.bson.Document;

/**
 * The MongoDB shape of {@link Media} in the {@code media} collection. {@code _id} is the media id; {@code sha256}
 * is indexed (blob reference counting) and {@code (ownerId, sha256)} is unique (an owner's re-upload is the same media).
 */
final class MediaDocument {

    static final String COLLECTION = "media";

    private MediaDocument() {
    }

    static Document toBson(Media media) {
        AudioMetadata metadata = media.metadata();
        Document document = new Document("_id", media.id())
                .append("ownerId", media.ownerId())
                .append("sha256", media.sha256())
                .append("format", media.format().name())
                .append("size", media.size())
                .append("durationMs", metadata.durationMs())
                .append("bitrate", metadata.bitrate())
                .append("sampleRate", metadata.sampleRate())
                .append("channels", metadata.channels())
                .append("tags", new Document(new LinkedHashMap<String, Object>(metadata.tags())))
                .append("createdAt", Date.from(media.createdAt()));
        return document;
    }

    static Media fromBson(Document document) {
        Map<String, String> tags = new LinkedHashMap<>();
        Document storedTags = document.get("tags", Document.class);
        if (storedTags != null) {
            storedTags.forEach((name, value) -> tags.put(name, String.valueOf(value)));
        }
        AudioMetadata metadata = new AudioMetadata(longOrNull(document.get("durationMs")),
                                                   longOrNull(document.get("bitrate")),
                                                   document.getInteger("sampleRate"), document.getInteger("channels"), tags);
        return new Media(document.getString("_id"), document.getString("ownerId"), document.getString("sha256"),
                         AudioFormat.valueOf(document.getString("format")), document.get("size", Number.class).longValue(),
                         metadata, document.getDate("createdAt").toInstant());
    }

    private static Long longOrNull(Object value) {
        return value instanceof Number number ? number.longValue() : null;
    }

    static Instant now() {
        // MongoDB stores milliseconds; keep the same precision in memory so a read-back compares equal.
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }
}
