package dev.encore.support.security;

/** A bearer token that does not verify. {@link #reason()} is safe to show the client; it never echoes the token. */
public class InvalidTokenException extends Exception {

    private final String reason;

    public InvalidTokenException(String reason, Throwable cause) {
        super(reason, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
