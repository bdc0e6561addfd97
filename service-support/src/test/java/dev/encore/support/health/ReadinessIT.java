package dev.encore.support.health;

import java.time.Duration;
import java.time.Instant;

import dev.encore.local.BackingServers;
import dev.encore.local.BackingServersExtension;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

/**
 * Readiness follows the real backing servers: stopping Redis or Kafka makes it DOWN with the reason, and it comes
 * back UP by itself once the server is restarted, with no restart of the service.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
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
    }

    @Test
    void livenessDoesNotDependOnBackingServices(BackingServers servers) {
        servers.redis().stop();
        try {
            assertThat(target.path("/health/live").request().get().getStatus(), is(200));
        } finally {
            servers.redis().start();
        }
    }

    @Test
    void redisOutageMakesReadinessDownAndItRecovers(BackingServers servers) {
        awaitReadiness(200);
        servers.redis().stop();
        try {
            JsonObject down = awaitReadiness(503);
            JsonObject redis = check(down, "redis");
            assertThat(redis.getString("status"), is("DOWN"));
            assertThat(redis.getJsonObject("data").getString("reason"), not(emptyOrNullString()));
            assertThat(check(down, "mongodb").getString("status"), is("UP"));
        } finally {
            servers.redis().start();
        }
        assertThat(check(awaitReadiness(200), "redis").getString("status"), is("UP"));
    }

    @Test
    void kafkaOutageMakesReadinessDownAndItRecovers(BackingServers servers) {
        awaitReadiness(200);
        servers.kafka().stop();
        try {
            JsonObject down = awaitReadiness(503);
            JsonObject kafka = check(down, "kafka");
            assertThat(kafka.getString("status"), is("DOWN"));
            assertThat(kafka.getJsonObject("data").getString("reason"), not(emptyOrNullString()));
        } finally {
            servers.kafka().start();
        }
        assertThat(check(awaitReadiness(200), "kafka").getString("status"), is("UP"));
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
