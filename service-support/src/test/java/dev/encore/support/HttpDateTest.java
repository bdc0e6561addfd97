package dev.encore.support;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class HttpDateTest {

    @Test
    void aDateIsWrittenAsAnImfFixdateWithATwoDigitDay() {
        assertThat(HttpDate.format(Instant.parse("2026-12-01T02:39:59.750Z")), is("Tue, 01 Dec 2026 02:39:59 GMT"));
        assertThat(HttpDate.format(Instant.parse("1994-11-06T08:49:37Z")), is("Sun, 06 Nov 1994 08:49:37 GMT"));
    }

    @Test
    void whatIsWrittenReadsBackAndAnUnreadableDateCountsAsAbsent() {
        Instant instant = Instant.parse("2026-12-01T02:39:59Z");
        assertThat(HttpDate.parse(HttpDate.format(instant)), is(Optional.of(instant)));
        assertThat(HttpDate.parse("Tue, 1 Dec 2026 02:39:59 GMT"), is(Optional.of(instant)));
        assertThat(HttpDate.parse("yesterday"), is(Optional.empty()));
    }

    @Test
    void aStoredInstantComparesEqualToTheDateSentForIt() {
        Instant stored = Instant.parse("2026-12-01T02:39:59.750Z");
        assertThat(HttpDate.parse(HttpDate.format(stored)), is(Optional.of(HttpDate.seconds(stored))));
    }
}
