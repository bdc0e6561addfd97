package dev.encore.support.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.encore.support.http.RequestBodyDeadline.Deadline;
import dev.encore.support.http.RequestBodyDeadline.TooSlowException;
import dev.encore.support.http.RequestBodyDeadline.Watchdog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The body deadline's watchdog holds a body only while one of its reads is under way: a body read to its declared
 * length and never closed (as {@code POST /graphql} reads it) leaves nothing behind, and a read that blocks for the
 * whole timeout is still cut off. Socket-level behaviour (408, a closed connection) is in {@code HostileRequestsIT}.
 */
class RequestBodyDeadlineTest {

    @Test
    void aBodyReadToItsLengthAndNeverClosedLeavesNothingWatched() throws IOException {
        byte[] body = "{\"query\":\"{ song(id: \\\"1\\\") { title } }\"}".getBytes(StandardCharsets.UTF_8);
        try (Watchdog watchdog = new Watchdog(Duration.ofSeconds(20))) {
            Deadline deadline = new Deadline(new ByteArrayInputStream(body), System.nanoTime(), Duration.ofSeconds(20),
                                             500, watchdog);
            assertThat(deadline.readNBytes(body.length), is(body));
            assertThat(watchdog.watched(), is(0));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS) // only against a hang: without the watchdog this read never returns
    void aReadBlockedForTheTimeoutIsCutOffAndForgotten() throws IOException {
        try (Watchdog watchdog = new Watchdog(Duration.ofMillis(200));
             PipedOutputStream client = new PipedOutputStream();
             PipedInputStream socket = new PipedInputStream(client)) {
            client.write('{'); // one byte, then nothing more
            long start = System.nanoTime();
            Deadline deadline = new Deadline(socket, start, Duration.ofMillis(200), 500, watchdog);
            assertThrows(TooSlowException.class, () -> deadline.readNBytes(100));
            System.out.println("a read blocked after 1 byte was cut off after "
                               + (System.nanoTime() - start) / 1_000_000 + " ms (timeout 200 ms, check period "
                               + Watchdog.period(Duration.ofMillis(200)).toMillis() + " ms)");
            assertThat("the interrupt is not left to the code after the read", Thread.interrupted(), is(false));
            assertThat(watchdog.watched(), is(0));
        }
    }

    @Test
    void checksAtAQuarterOfTheTimeoutBetween10MillisecondsAndASecond() {
        assertThat(Watchdog.period(Duration.ofSeconds(20)), is(Duration.ofSeconds(1)));
        assertThat(Watchdog.period(Duration.ofSeconds(2)), is(Duration.ofMillis(500)));
        assertThat(Watchdog.period(Duration.ofMillis(20)), is(Duration.ofMillis(10)));
    }
}
