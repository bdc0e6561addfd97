package dev.encore.support.health;

import java.util.Map;
import java.util.Optional;

import dev.encore.support.BackingService;
import dev.encore.support.redis.GuardedRedis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Redis answers {@code PING}. Never makes the replica unready: every Redis use has a fallback (see
 * {@link GuardedRedis}), and Redis is shared, so an outage would take every replica out at once. The data says
 * whether Redis answers ({@code state}) and what the circuit breaker does ({@code breaker}); while the breaker is
 * open the check does not ask Redis, so it costs nothing. The ping goes through the breaker like any other call.
 */
@Readiness
@ApplicationScoped
@BackingService("redis")
public class RedisReadinessCheck implements HealthCheck {

    private final GuardedRedis redis;
    private final DependencyStatus status;

    @Inject
    RedisReadinessCheck(GuardedRedis redis, MetricRegistry metrics) {
        this.redis = redis;
        this.status = new DependencyStatus("redis", Optional.empty()).exportedTo(metrics);
    }

    @Override
    public HealthCheckResponse call() {
        try {
            String answer = redis.call(jedis -> jedis.ping());
            return "PONG".equals(answer)
                    ? status.up(Map.of("breaker", redis.state().label()))
                    : status.failed("PING answered " + answer, Map.of("breaker", redis.state().label()));
        } catch (RuntimeException e) {
            return status.failed(e, Map.of("breaker", redis.state().label()));
        }
    }
}
