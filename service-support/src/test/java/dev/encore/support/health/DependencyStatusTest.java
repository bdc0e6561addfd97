package dev.encore.support.health;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The readiness policy of one dependency: degraded within its grace, unready past it, ready again at once. */
class DependencyStatusTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFailureWithinTheGraceKeepsTheCheckUpAndSaysItIsDegraded() {
        DependencyStatus mongo = new DependencyStatus("mongodb", Optional.of(Duration.ofSeconds(30)));
        HealthCheckResponse answer = mongo.failed("no answer", Map.of(), 0);
        assertThat(answer.getStatus(), is(HealthCheckResponse.Status.UP));
        assertThat(data(answer, "state"), is("DOWN (degraded)"));
        assertThat(data(answer, "reason"), is("no answer"));
        assertThat(data(answer, "unready-after"), is("PT30S"));
        assertThat(mongo.failed("no answer", Map.of(), 29 * SECOND).getStatus(), is(HealthCheckResponse.Status.UP));
    }

    @Test
    void aFailureLongerThanTheGraceMakesTheCheckDown() {
        DependencyStatus mongo = new DependencyStatus("mongodb", Optional.of(Duration.ofSeconds(30)));
        mongo.failed("no answer", Map.of(), 0);
        HealthCheckResponse answer = mongo.failed("no answer", Map.of(), 30 * SECOND);
        assertThat(answer.getStatus(), is(HealthCheckResponse.Status.DOWN));
        assertThat(data(answer, "state"), is("DOWN"));
        assertThat(data(answer, "down-for"), is("PT30S"));
    }

    @Test
    void anAnswerEndsTheOutageSoTheNextFailureStartsANewGrace() {
        DependencyStatus kafka = new DependencyStatus("kafka", Optional.of(Duration.ofSeconds(30)));
        kafka.failed("no answer", Map.of(), 0);
        assertThat(kafka.up(Map.of("brokers", 1)).getStatus(), is(HealthCheckResponse.Status.UP));
        HealthCheckResponse again = kafka.failed("no answer", Map.of(), 100 * SECOND);
        assertThat(again.getStatus(), is(HealthCheckResponse.Status.UP));
        assertThat(data(again, "down-for"), is("PT0S"));
    }

    @Test
    void withoutAGraceADependencyNeverMakesTheReplicaUnready() {
        DependencyStatus redis = new DependencyStatus("redis", Optional.empty());
        redis.failed("refused", Map.of(), 0);
        HealthCheckResponse answer = redis.failed("refused", Map.of("breaker", "open"), 3600 * SECOND);
        assertThat(answer.getStatus(), is(HealthCheckResponse.Status.UP));
        assertThat(data(answer, "unready-after"), is("never"));
        assertThat(data(answer, "breaker"), is("open"));
    }

    @Test
    void graceIsADurationOrNever() {
        assertThat(DependencyStatus.grace("never"), is(Optional.empty()));
        assertThat(DependencyStatus.grace("PT5S"), is(Optional.of(Duration.ofSeconds(5))));
        assertThrows(IllegalStateException.class, () -> DependencyStatus.grace("5 seconds"));
        assertThrows(IllegalStateException.class, () -> DependencyStatus.grace("-PT1S"));
    }

    private static Object data(HealthCheckResponse answer, String key) {
        return answer.getData().orElseThrow().get(key);
    }
}
