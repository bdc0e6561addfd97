package dev.encore.media.metadata;

/** The bytes carry a known container signature but no audio this service can measure (truncated or corrupt). */
public class UnreadableAudioException extends Exception {

    public UnreadableAudioException(String message, Throwable cause) {
        super(message, cause);
    }
}
