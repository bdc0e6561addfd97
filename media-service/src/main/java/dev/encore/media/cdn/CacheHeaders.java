package dev.encore.media.cdn;

import java.time.Duration;

/** The {@code Cache-Control} values this service sends, in one place so edge and browser behaviour is easy to audit. */
public final class CacheHeaders {

    /**
     * Stream URLs name their bytes by SHA-256, so what one URL serves can never change: a year (the usual maximum)
     * and {@code immutable}, so browsers skip revalidation on reload too. Deleting media purges the CDN copy.
     */
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /** Errors and refusals are never cached: a 403 for an expired signature must not be served to the next user. */
    public static final String NO_STORE = "no-store";

    private CacheHeaders() {
    }

    /** Metadata changes (deletion) and carries signed URLs that expire, so it gets a short shared lifetime only. */
    public static String shortLived(Duration maxAge) {
        return "public, max-age=" + maxAge.toSeconds();
    }
}
