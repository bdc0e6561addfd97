package dev.encore.media.upload;

import java.time.Instant;

import dev.encore.media.metadata.AudioFormat;
import dev.encore.media.metadata.AudioMetadata;

/** One uploaded audio file as this service knows it: who uploaded which bytes, and what they measure. */
public record Media(String id, String ownerId, String sha256, AudioFormat format, long size, AudioMetadata metadata,
                    Instant createdAt) {

    /** The blob store key, which is also the last segment of the stream URL. */
    public String blobKey() {
        return sha256 + "." + format.extension();
    }
}
