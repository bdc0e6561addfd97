package dev.encore.identity.refresh;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** When a refresh of an already rotated token counts as a second tab rather than a replay. */
class ReuseGraceTest {

    private static final Instant ROTATED = Instant.parse("2026-12-01T10:00:00.500Z");

    @Test
    void withNoGraceALoserThatReadItsClockBeforeTheWinnerIsStillAReplay() {
        // Two concurrent refreshes: the loser's clock read came 3 ms before the winner's rotation time.
        assertThat(RefreshTokenService.withinGrace(ROTATED, ROTATED.minusMillis(3), Duration.ZERO), is(false));
        assertThat(RefreshTokenService.withinGrace(ROTATED, ROTATED, Duration.ZERO), is(false));
    }

    @Test
    void withAGraceAConcurrentOrSlightlyLateRefreshIsASibling() {
        Duration grace = Duration.ofSeconds(5);
        assertThat(RefreshTokenService.withinGrace(ROTATED, ROTATED.minusMillis(3), grace), is(true));
        assertThat(RefreshTokenService.withinGrace(ROTATED, ROTATED.plusMillis(4_999), grace), is(true));
    }

    @Test
    void aRefreshAtOrAfterTheGraceEndsIsAReplay() {
        Duration grace = Duration.ofSeconds(5);
        assertThat(RefreshTokenService.withinGrace(ROTATED, ROTATED.plus(grace), grace), is(false));
        assertThat(RefreshTokenService.withinGrace(ROTATED, ROTATED.plusSeconds(60), grace), is(false));
    }
}
