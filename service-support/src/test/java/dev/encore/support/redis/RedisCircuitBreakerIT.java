package dev.encore.support.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import dev.encore.local.BackingServers;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.PausedRedis;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * With Redis frozen (SIGSTOP: connections open, no answers), the breaker opens after a few timeouts and from then on
 * calls fail at once instead of each waiting {@code redis.timeout}; once Redis answers again one trial call closes it.
 * Times are printed, not asserted.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
// Long enough that the breaker is still open when the test reads its gauge over HTTP on a loaded machine
@AddConfig(key = "redis.breaker.delay", value = "PT3S")
class RedisCircuitBreakerIT {

    @Inject
    GuardedRedis redis;

    @Inject
    WebTarget target;

    @Test
    void frozenRedisOpensTheBreakerThenCallsFailFastAndATrialClosesIt(BackingServers servers) {
        assertThat(redis.call(jedis -> jedis.set("breaker-test", "1")), is("OK"));
        assertThat(redis.state(), is(GuardedRedis.State.CLOSED));
        long[] failedCallsMicros = new long[40];
        try (PausedRedis paused = PausedRedis.pause(servers.redis())) {
            for (int i = 0; i < failedCallsMicros.length; i++) {
                long start = System.nanoTime();
                JedisException failure = assertThrows(JedisException.class,
                                                      () -> redis.call(jedis -> jedis.get("breaker-test")));
                failedCallsMicros[i] = (System.nanoTime() - start) / 1000;
                if (i == failedCallsMicros.length - 1) {
                    assertThat(failure, instanceOf(RedisUnavailableException.class));
                }
            }
            assertThat(redis.state(), is(GuardedRedis.State.OPEN));
            assertThat(gauge("encore_redis_breaker_state"), is("2.0"));
            long[] open = Arrays.stream(failedCallsMicros).skip(20).sorted().toArray();
            System.out.println("Redis frozen: first calls took " + Arrays.toString(Arrays.copyOf(failedCallsMicros, 8))
                               + " us; with the breaker open, max " + open[open.length - 1] + " us");
        }
        Instant deadline = Instant.now().plusSeconds(20);
        String value = null;
        while (value == null && Instant.now().isBefore(deadline)) {
            try {
                value = redis.call(jedis -> jedis.get("breaker-test"));
            } catch (RedisUnavailableException e) {
                sleep(100);
            }
        }
        assertThat(value, is("1"));
        assertThat(redis.state(), is(GuardedRedis.State.CLOSED));
    }

    @Test
    void anErrorReplyReachesTheCallerAndLeavesTheBreakerClosed() {
        redis.call(jedis -> jedis.set("breaker-string", "x"));
        for (int i = 0; i < 30; i++) {
            assertThrows(JedisDataException.class, () -> redis.call(jedis -> jedis.incr("breaker-string")));
        }
        assertThat(redis.state(), is(GuardedRedis.State.CLOSED));
    }

    private String gauge(String name) {
        String metrics = target.path("/metrics").request().accept("text/plain").get(String.class);
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .findFirst().orElse("no " + name + " in /metrics");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
