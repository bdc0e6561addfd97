package dev.encore.support.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import redis.clients.jedis.JedisPooled;

/** Ready while Redis answers {@code PING} (the client's own short timeouts bound the check). */
@Readiness
@ApplicationScoped
@BackingService("redis")
public class RedisReadinessCheck implements HealthCheck {

    private final JedisPooled jedis;

    @Inject
    RedisReadinessCheck(JedisPooled jedis) {
        this.jedis = jedis;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            String answer = jedis.ping();
            return "PONG".equals(answer)
                    ? HealthCheckResponse.named("redis").up().build()
                    : HealthCheckResponse.named("redis").down().withData("reason", "PING answered " + answer).build();
        } catch (RuntimeException e) {
            return HealthChecks.down("redis", e);
        }
    }
}
