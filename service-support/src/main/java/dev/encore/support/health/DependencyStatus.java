package dev.encore.support.health;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * What one backing service's failure means for readiness: the readiness policy in one place.
 *
 * <p>Readiness answers "send this replica traffic". A backing service shared by every replica (MongoDB, Kafka, Redis)
 * failing is no reason to take this replica out: every other replica sees the same outage, and taking them all out
 * turns a degradation into a total outage. So a failing dependency keeps the check UP and says so in its data
 * ({@code state: DOWN (degraded)}, the reason, how long); only when it has failed for longer than its
 * {@code grace} does the check turn DOWN, because by then the replica cannot do its job and a replica that can reach
 * the dependency (another node, another zone) should take the traffic. With no grace, the dependency never makes the
 * replica unready (Redis: losing it costs speed, never data).
 *
 * <p>Every answer also sets the gauge {@code encore_dependency_up{dependency=...}} (1 answering, 0 not), updated on
 * each readiness probe.
 */
public final class DependencyStatus {

    static final String DEGRADED = "DOWN (degraded)";

    private final String name;
    private final Optional<Duration> grace;
    private final AtomicLong downSinceNanos = new AtomicLong();
    private volatile boolean down;

    public DependencyStatus(String name, Optional<Duration> grace) {
        this.name = name;
        this.grace = grace;
    }

    /** Registers {@code encore_dependency_up{dependency=<name>}}: 1 while the last probe got an answer, else 0. */
    public DependencyStatus exportedTo(MetricRegistry metrics) {
        metrics.gauge("encore.dependency.up", () -> down ? 0 : 1, new Tag("dependency", name));
        return this;
    }

    /** The dependency answered. */
    public HealthCheckResponse up(Map<String, Object> data) {
        down = false;
        HealthCheckResponseBuilder answer = HealthCheckResponse.named(name).up().withData("state", "UP");
        data.forEach((key, value) -> with(answer, key, value));
        return answer.build();
    }

    /** The dependency did not answer: UP and degraded within the grace, DOWN past it. */
    public HealthCheckResponse failed(Throwable failure, Map<String, Object> data) {
        return failed(HealthChecks.reason(failure), data);
    }

    public HealthCheckResponse failed(String reason, Map<String, Object> data) {
        return failed(reason, data, System.nanoTime());
    }

    HealthCheckResponse failed(String reason, Map<String, Object> data, long now) {
        if (!down) {
            downSinceNanos.set(now);
            down = true;
        }
        Duration downFor = Duration.ofNanos(now - downSinceNanos.get()).withNanos(0);
        boolean unready = grace.isPresent() && downFor.compareTo(grace.get()) >= 0;
        HealthCheckResponseBuilder answer = HealthCheckResponse.named(name).status(!unready)
                .withData("state", unready ? "DOWN" : DEGRADED)
                .withData("reason", reason)
                .withData("down-for", downFor.toString())
                .withData("unready-after", grace.map(Duration::toString).orElse("never"));
        data.forEach((key, value) -> with(answer, key, value));
        return answer.build();
    }

    private static void with(HealthCheckResponseBuilder answer, String key, Object value) {
        if (value instanceof Number number) {
            answer.withData(key, number.longValue());
        } else if (value instanceof Boolean bool) {
            answer.withData(key, bool);
        } else {
            answer.withData(key, String.valueOf(value));
        }
    }

    /** {@code health.<dependency>.grace}: a duration, or {@code never}. */
    static Optional<Duration> grace(String configured) {
        String value = configured.trim();
        if (value.equalsIgnoreCase("never")) {
            return Optional.empty();
        }
        try {
            Duration grace = Duration.parse(value);
            if (grace.isNegative()) {
                throw new IllegalArgumentException();
            }
            return Optional.of(grace);
        } catch (RuntimeException e) {
            throw new IllegalStateException("a health.*.grace must be an ISO-8601 duration (PT30S) or 'never', not '"
                                            + configured + "'");
        }
    }
}
