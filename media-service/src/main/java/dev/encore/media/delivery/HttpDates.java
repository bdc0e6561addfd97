package dev.encore.media.delivery;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import dev.encore.support.http.HttpDate;

/** HTTP dates (RFC 9110 section 5.6.7), which have one-second precision. */
final class HttpDates {

    private HttpDates() {
    }

    static String format(Instant instant) {
        return HttpDate.format(instant);
    }

    /** An IMF-fixdate; anything else (including the obsolete formats) is treated as absent, as RFC 9110 allows. */
    static Optional<Instant> parse(String value) {
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
    static Instant seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
