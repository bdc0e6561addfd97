package dev.encore.media.delivery;

import java.time.Instant;
import java.util.Optional;

import dev.encore.support.HttpDate;

/**
 * The preconditions of RFC 9110 section 13.2.2, evaluated in the order it prescribes, for a representation that
 * exists with a strong {@code etag} (quoted) and {@code lastModified}. {@code If-Range} belongs to
 * {@link RangeRequest}, since it only decides between a partial and a full answer.
 */
public final class ConditionalRequest {

    public enum Outcome { PROCEED, NOT_MODIFIED, PRECONDITION_FAILED }

    private ConditionalRequest() {
    }

    /**
     * @param safe whether the method is GET or HEAD (only those get 304; anything else fails the precondition)
     */
    public static Outcome evaluate(boolean safe, String ifMatch, String ifUnmodifiedSince, String ifNoneMatch,
                                   String ifModifiedSince, String etag, Instant lastModified) {
        Instant modified = HttpDate.seconds(lastModified);
        if (present(ifMatch)) {
            if (!matches(ifMatch, etag, false)) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else {
            Optional<Instant> since = HttpDate.parse(ifUnmodifiedSince);
            if (since.isPresent() && modified.isAfter(since.get())) {
                return Outcome.PRECONDITION_FAILED;
            }
        }
        if (present(ifNoneMatch)) {
            if (matches(ifNoneMatch, etag, true)) {
                return safe ? Outcome.NOT_MODIFIED : Outcome.PRECONDITION_FAILED;
            }
        } else if (safe) {
            Optional<Instant> since = HttpDate.parse(ifModifiedSince);
            if (since.isPresent() && !modified.isAfter(since.get())) {
                return Outcome.NOT_MODIFIED;
            }
        }
        return Outcome.PROCEED;
    }

    /**
     * Whether a list of entity tags ({@code *} or {@code "a", W/"b"}) matches {@code etag}; weak comparison ignores
     * the {@code W/} prefix, strong comparison never matches a weak tag.
     */
    static boolean matches(String header, String etag, boolean weak) {
        if (header.trim().equals("*")) {
            return true;
        }
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            boolean isWeak = tag.startsWith("W/");
            if (isWeak && !weak) {
                continue;
            }
            if ((isWeak ? tag.substring(2) : tag).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static boolean present(String header) {
        return header != null && !header.isBlank();
    }
}
