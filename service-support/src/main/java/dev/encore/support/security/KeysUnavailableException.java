package dev.encore.support.security;

/**
 * The keys needed to check a token could not be fetched (identity-service's JWKS is unreachable). Not the client's
 * fault, so callers answer 503 rather than 401: the same token will work once the keys are back.
 */
public class KeysUnavailableException extends Exception {

    public KeysUnavailableException(Throwable cause) {
        super("The token signing keys cannot be fetched right now.", cause);
    }
}
