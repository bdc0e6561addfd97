package dev.encore.support.http;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class DateHeaderFilterTest {

    @Test
    void aOneDigitDayIsWrittenWithItsLeadingZero() {
        assertThat(DateHeaderFilter.now(Instant.parse("2026-12-01T03:12:51.900Z")), is("Tue, 01 Dec 2026 03:12:51 GMT"));
        assertThat(DateHeaderFilter.now(Instant.parse("2026-12-01T03:12:52Z")), is("Tue, 01 Dec 2026 03:12:52 GMT"));
        assertThat(DateHeaderFilter.now(Instant.parse("2026-11-25T23:59:59Z")), is("Wed, 25 Nov 2026 23:59:59 GMT"));
    }
}
