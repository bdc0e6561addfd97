package dev.encore.support;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP dates (RFC 9110 section 5.6.7), which have one-second precision, written as IMF-fixdate:
 * {@code Sun, 06 Nov 1994 08:49:37 GMT}, always a two-digit day. Java's RFC_1123_DATE_TIME (and Helidon 4.1.2, which
 * uses it) writes "6 Nov", which the RFC does not allow; a strict cache may then ignore the validator.
 *
 * <p>In the root package because both {@code http} (the {@code Date} filter) and {@code problem} (error answers
 * written outside JAX-RS) need it, and {@code http} already depends on {@code problem}.
 */
public final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDate() {
    }

    /** The instant as an IMF-fixdate (fractions of a second dropped). */
    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** An IMF-fixdate; anything else (including the obsolete formats) is treated as absent, as RFC 9110 allows. */
    public static Optional<Instant> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The instant as a header would carry it, so a stored time compares equal to the date sent for it. */
    public static Instant seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
