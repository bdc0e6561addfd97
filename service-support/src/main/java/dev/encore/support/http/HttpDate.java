package dev.encore.support.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * HTTP dates as RFC 9110 section 5.6.7 writes them, IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT}, always a
 * two-digit day. Java's RFC_1123_DATE_TIME (and Helidon 4.1.2, which uses it) writes "6 Nov", which the RFC does not
 * allow; a strict cache may then ignore the validator.
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
}
