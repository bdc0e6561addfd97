package dev.encore.media.metadata;

import java.util.Map;

/**
 * What was measured in an audio file. Numbers the file does not state are {@code null}; tags hold only the fields
 * that are present and non-blank, under lower-case names ({@code title}, {@code artist}, {@code album}, ...).
 *
 * @param durationMs  playing time in milliseconds
 * @param bitrate     average bits per second of the whole file
 * @param sampleRate  samples per second per channel
 * @param channels    channel count
 * @param tags        the file's own descriptive tags
 */
public record AudioMetadata(Long durationMs, Long bitrate, Integer sampleRate, Integer channels,
                            Map<String, String> tags) {

    public AudioMetadata {
        tags = Map.copyOf(tags);
    }
}
