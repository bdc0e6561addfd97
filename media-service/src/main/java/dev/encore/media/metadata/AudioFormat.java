package dev.encore.media.metadata;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The audio formats this service stores, each with the {@code Content-Type} it is served with, the file extension its
 * stream URL ends in (CDNs decide cacheability by extension), and the upload types that may announce it.
 */
public enum AudioFormat {
    MP3("audio/mpeg", "mp3", Set.of("audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg", "audio/x-mp3")),
    FLAC("audio/flac", "flac", Set.of("audio/flac", "audio/x-flac")),
    OGG_VORBIS("audio/ogg", "ogg", Set.of("audio/ogg", "audio/vorbis", "audio/x-vorbis+ogg", "application/ogg")),
    OGG_OPUS("audio/ogg", "opus", Set.of("audio/ogg", "audio/opus", "application/ogg")),
    WAV("audio/wav", "wav", Set.of("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave")),
    MP4("audio/mp4", "m4a", Set.of("audio/mp4", "audio/m4a", "audio/x-m4a"));

    private final String contentType;
    private final String extension;
    private final Set<String> declaredTypes;

    AudioFormat(String contentType, String extension, Set<String> declaredTypes) {
        this.contentType = contentType;
        this.extension = extension;
        this.declaredTypes = declaredTypes;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    public static Optional<AudioFormat> byExtension(String extension) {
        return Arrays.stream(values()).filter(format -> format.extension.equals(extension)).findFirst();
    }

    /** Whether an upload's {@code Content-Type} (without parameters, any case) may announce this format. */
    public boolean acceptsDeclaredType(String mediaType) {
        return declaredTypes.contains(mediaType.toLowerCase(Locale.ROOT));
    }

    /** Whether some format here could be announced by this type, so an upload is worth reading at all. */
    public static boolean isKnownAudioType(String mediaType) {
        return Arrays.stream(values()).anyMatch(format -> format.acceptsDeclaredType(mediaType));
    }
}
