package dev.encore.identity.login;

import java.time.Duration;

/** Too many failed logins for this account or address: answered 429 with {@code Retry-After}. */
public class LockedOutException extends RuntimeException {

    private final Duration retryAfter;

    public LockedOutException(Duration retryAfter) {
        super("login locked for " + retryAfter, null, false, false);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, rounded up, as {@code Retry-After} wants them. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
