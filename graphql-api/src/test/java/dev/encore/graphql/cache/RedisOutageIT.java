package dev.encore.graphql.cache;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.encore.graphql.Fixtures;
import dev.encore.graphql.GraphqlClient;
import dev.encore.graphql.MediaServiceStub;
import dev.encore.local.BackingServers;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.PausedRedis;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Redis frozen (SIGSTOP: connections open, nothing answers) under concurrent {@code song(id)} reads, known and unknown
 * ids: every query still answers correctly, readiness stays UP with the redis check degraded and the circuit breaker
 * open, so misses stop paying the Redis timeout. The latency before and during is printed (p50/p99), not asserted:
 * correctness and the breaker are what the test holds to.
 */
@ExtendWith(BackingServersExtension.class)
@ExtendWith(MediaServiceStub.class)
@HelidonTest
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
@AddConfig(key = "redis.breaker.delay", value = "PT2S")
class RedisOutageIT {

    private static final int CLIENTS = 4;
    private static final Duration ROUND = Duration.ofSeconds(4);
    private static final String SONG = "query($id: ID!) { song(id: $id) { id title } }";

    @Inject
    WebTarget target;

    @Test
    void frozenRedisKeepsReadsCorrectAndTheReplicaReadyWithTheBreakerOpen(BackingServers servers) throws Exception {
        GraphqlClient client = new GraphqlClient(target.getUri());
        Fixtures fixtures = new Fixtures(client, TestTokenIssuer.shared().token("curator-1", "curator"));
        String songId = fixtures.song(fixtures.artist("Frozen Cache"), "Still here", 1000);

        round(client, songId, Duration.ofSeconds(3)); // warm-up: JIT, connection pools
        Round before = round(client, songId);
        Round during;
        JsonObject redis;
        try (PausedRedis paused = PausedRedis.pause(servers.redis())) {
            // The first misses wait out redis.timeout until the breaker opens; then nothing waits.
            round(client, songId, Duration.ofSeconds(2));
            during = round(client, songId);
            redis = readyRedisCheck();
        }
        System.out.printf("song(id) with %d clients, %d s each: before %s; Redis frozen, breaker %s: %s%n",
                          CLIENTS, ROUND.toSeconds(), before, redis.getJsonObject("data").getString("breaker"), during);
        assertThat("queries failed before the outage", before.failures(), is(0));
        assertThat("queries failed while Redis was frozen", during.failures(), is(0));
        assertThat(redis.getString("status"), is("UP"));
        assertThat(redis.getJsonObject("data").getString("state"), is("DOWN (degraded)"));
        assertThat(redis.getJsonObject("data").getString("breaker"), is("open"));
    }

    private JsonObject readyRedisCheck() {
        Response response = target.path("/health/ready").request().get();
        assertThat("Redis frozen must not make the replica unready", response.getStatus(), is(200));
        JsonObject health = Json.createReader(new StringReader(response.readEntity(String.class))).readObject();
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("redis")).findFirst().orElseThrow();
    }

    private Round round(GraphqlClient client, String knownId) throws Exception {
        return round(client, knownId, ROUND);
    }

    /** CLIENTS threads alternate a known id and a fresh unknown one for {@code length}; wrong answers are failures. */
    private static Round round(GraphqlClient client, String knownId, Duration length) throws Exception {
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        long end = System.nanoTime() + length.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                running.add(threads.submit(() -> {
                    boolean known = false;
                    while (System.nanoTime() < end) {
                        known = !known;
                        String id = known ? knownId : new ObjectId().toHexString();
                        long start = System.nanoTime();
                        GraphqlClient.Answer answer = client.post(SONG, Fixtures.vars("id", id), null);
                        micros.add((System.nanoTime() - start) / 1000);
                        JsonValue song = answer.json() == null ? null : answer.data().get("song");
                        boolean right = answer.status() == 200 && answer.json().get("errors") == null && (known
                                ? song instanceof JsonObject found && found.getString("title").equals("Still here")
                                : JsonValue.NULL.equals(song));
                        if (!right) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> thread : running) {
                thread.get();
            }
        } finally {
            threads.shutdownNow();
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        return new Round(sorted.size(), failures.get(), percentile(sorted, 50), percentile(sorted, 99));
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }

    record Round(int queries, int failures, long p50Micros, long p99Micros) {
        @Override
        public String toString() {
            return queries + " queries, " + failures + " failed, p50 " + p50Micros / 1000.0 + " ms, p99 "
                   + p99Micros / 1000.0 + " ms";
        }
    }
}
