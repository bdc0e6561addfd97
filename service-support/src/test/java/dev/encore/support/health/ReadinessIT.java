package dev.encore.support.health;

import java.time.Duration;
import java.time.Instant;

import dev.encore.local.BackingServers;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.PausedRedis;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The readiness policy against real backing servers (README, "Readiness policy"): Redis down or frozen never makes a
 * replica unready, only degraded in the check's data and the {@code encore_dependency_up} gauge; Kafka (like MongoDB)
 * keeps the replica ready for {@code health.kafka.grace}, then makes it unready, and it comes back by itself.
 * The grace is 4 s here instead of 30 s to keep the test short.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "health.kafka.grace", value = "PT4S")
@AddConfig(key = "redis.breaker.delay", value = "PT1S")
class ReadinessIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    WebTarget target;

    @Test
    void readyWhenEveryBackingServiceAnswers() {
        JsonObject health = awaitReadiness(200);
        assertThat(check(health, "mongodb").getString("status"), is("UP"));
        assertThat(check(health, "redis").getString("status"), is("UP"));
        assertThat(check(health, "kafka").getString("status"), is("UP"));
        assertThat(check(health, "kafka").getJsonObject("data").getString("state"), is("UP"));
    }

    @Test
    void livenessDoesNotDependOnBackingServices(BackingServers servers) {
        servers.redis().stop();
        servers.kafka().stop();
        try {
            assertThat(target.path("/health/live").request().get().getStatus(), is(200));
        } finally {
            servers.redis().start();
            servers.kafka().start();
        }
    }

    @Test
    void redisStoppedLeavesTheReplicaReadyAndSaysItIsDegraded(BackingServers servers) {
        awaitReadiness(200);
        servers.redis().stop();
        try {
            JsonObject redis = awaitRedisState("DOWN (degraded)");
            assertThat(redis.getString("status"), is("UP"));
            assertThat(redis.getJsonObject("data").getString("reason"), not(emptyOrNullString()));
            assertThat(redis.getJsonObject("data").getString("unready-after"), is("never"));
            assertThat(gauge("encore_dependency_up", "redis"), is("0.0"));
        } finally {
            servers.redis().start();
        }
        awaitRedisState("UP");
        assertThat(gauge("encore_dependency_up", "redis"), is("1.0"));
    }

    @Test
    void redisFrozenLeavesTheReplicaReadyWithTheBreakerOpen(BackingServers servers) {
        awaitReadiness(200);
        JsonObject redis;
        try (PausedRedis paused = PausedRedis.pause(servers.redis())) {
            Instant deadline = Instant.now().plus(PATIENCE);
            do {
                Response response = target.path("/health/ready").request().get();
                assertThat(response.getStatus(), is(200));
                redis = check(response.readEntity(JsonObject.class), "redis");
            } while (!"open".equals(redis.getJsonObject("data").getString("breaker")) && Instant.now().isBefore(deadline));
            assertThat(redis.getString("status"), is("UP"));
            assertThat(redis.getJsonObject("data").getString("state"), is("DOWN (degraded)"));
            assertThat(redis.getJsonObject("data").getString("breaker"), is("open"));
        }
        assertThat(awaitRedisState("UP").getJsonObject("data").getString("breaker"), is("closed"));
    }

    @Test
    void kafkaOutageIsDegradedWithinTheGraceThenUnreadyAndItRecovers(BackingServers servers) {
        awaitReadiness(200);
        servers.kafka().stop();
        try {
            Response first = target.path("/health/ready").request().get();
            JsonObject kafka = check(first.readEntity(JsonObject.class), "kafka");
            assertThat(first.getStatus(), is(200));
            assertThat(kafka.getJsonObject("data").getString("state"), is("DOWN (degraded)"));
            assertThat(kafka.getJsonObject("data").getString("unready-after"), is("PT4S"));

            JsonObject down = check(awaitReadiness(503), "kafka");
            assertThat(down.getString("status"), is("DOWN"));
            assertThat(down.getJsonObject("data").getString("reason"), not(emptyOrNullString()));
        } finally {
            servers.kafka().start();
        }
        assertThat(check(awaitReadiness(200), "kafka").getString("status"), is("UP"));
    }

    private JsonObject awaitRedisState(String state) {
        Instant deadline = Instant.now().plus(PATIENCE);
        JsonObject redis;
        do {
            Response response = target.path("/health/ready").request().get();
            assertThat("Redis alone never makes the replica unready", response.getStatus(), is(200));
            redis = check(response.readEntity(JsonObject.class), "redis");
            if (state.equals(redis.getJsonObject("data").getString("state"))) {
                return redis;
            }
            sleep();
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("the redis check stayed " + redis + ", expected state " + state);
    }

    private JsonObject awaitReadiness(int status) {
        Instant deadline = Instant.now().plus(PATIENCE);
        int last;
        do {
            Response response = target.path("/health/ready").request().get();
            last = response.getStatus();
            JsonObject body = response.readEntity(JsonObject.class);
            if (last == status) {
                return body;
            }
            sleep();
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("readiness stayed " + last + ", expected " + status + " within " + PATIENCE);
    }

    private String gauge(String name, String dependency) {
        String metrics = target.path("/metrics").request().accept("text/plain").get(String.class);
        return metrics.lines()
                .filter(line -> line.startsWith(name + "{") && line.contains("dependency=\"" + dependency + "\""))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .findFirst().orElse("no " + name + " for " + dependency + " in /metrics");
    }

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").stream()
                .map(JsonValue::asJsonObject)
                .filter(check -> name.equals(check.getString("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " check in " + health));
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
