package dev.encore.graphql.scheduler;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.encore.graphql.Fixtures;
import dev.encore.graphql.GraphqlClient;
import dev.encore.graphql.WsClient;
import dev.encore.local.BackingServers;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.ServiceReplica;
import dev.encore.local.TestTokenIssuer;
import dev.encore.support.events.Topics;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

/**
 * Scheduler failover with real replicas: two graphql-api JVMs (child processes on the shared MongoDB-wire server
 * and Kafka) contend for the lease with the default lease settings; this JVM serves the fixtures and contends for
 * nothing. Every replica's subscribers are fed from Kafka alone (the MongoDB resync is off), so a hole in the
 * transitions would be a hole for them.
 *
 * <ol>
 *   <li>The leader is frozen (SIGSTOP) for 3 s, past its 1.2 s lease, then resumed: the other replica drove the event
 *       meanwhile, and the resumed one writes nothing (its write counter does not move), notices the loss, and every
 *       subscriber, its own included, hears each song once.</li>
 *   <li>The leader (now the other replica) is SIGKILLed 100 ms before a 300 ms song starts; the next song starts while no replica leads. The
 *       survivors take over and publish the song playing then, with its real {@code startedAt}, well inside the
 *       old 10 s lease (2 s is the drill's target); the song that started and ended in the gap is not replayed; nothing reaches anyone twice.</li>
 * </ol>
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulerFailoverIT {

    /**
     * A bound that separates the short lease from the old 10 s one even on a loaded CI machine (typically 1.2 s here).
     * The 2 s target itself is measured and reported by the failover drill ({@code deploy/drills/run failover}), not
     * asserted here: a speed target belongs in a benchmark.
     */
    private static final long TAKEOVER_WITHIN_MS = 5000;
    private static final Map<String, String> REPLICA_CONFIG = Map.of(
            "live-events.scheduler.enabled", "true",
            // Kafka is the only path to subscribers here: a hole must not be papered over by the 10 s resync.
            "subscriptions.resync-interval", "PT1H");
    private static final List<ServiceReplica> replicas = new CopyOnWriteArrayList<>();

    @Inject
    WebTarget target;

    private final TestTokenIssuer issuer = TestTokenIssuer.shared();

    @BeforeAll
    static void startReplicas() {
        List<CompletableFuture<ServiceReplica>> starting = new ArrayList<>();
        for (String name : List.of("failover-a", "failover-b")) {
            starting.add(CompletableFuture.supplyAsync(() -> ServiceReplica.start(name, REPLICA_CONFIG,
                    Duration.ofSeconds(150))));
        }
        starting.forEach(replica -> replicas.add(replica.join()));
    }

    @AfterAll
    static void stopReplicas() {
        replicas.forEach(replica -> {
            signal(replica.process(), "CONT");
            replica.close();
        });
    }

    @Test
    @Order(2)
    void aKilledLeadersSuccessorPublishesTheSongPlayingNowOnceAndNotTheOnesInTheGap(BackingServers servers) {
        Fixtures fixtures = fixtures();
        String curator = issuer.token("curator-failover", "curator");
        String artist = fixtures.artist("Failover Artist");
        String playlist = fixtures.playlist("Failover set", true, curator);
        fixtures.add(playlist, fixtures.song(artist, "Before", 3000), curator);
        fixtures.add(playlist, fixtures.song(artist, "InTheGap", 300), curator);
        fixtures.add(playlist, fixtures.song(artist, "AtTakeover", 3000), curator);
        fixtures.add(playlist, fixtures.song(artist, "After", 1500), curator);
        ServiceReplica leader = leader(replicas);

        Instant startsAt = Instant.now().plusMillis(5000).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String id = createEvent(curator, playlist, "Failover", startsAt);
        Map<String, Instant> due = Map.of("LIVE", startsAt, "Before", startsAt, "InTheGap", startsAt.plusMillis(3000),
                "AtTakeover", startsAt.plusMillis(3300), "After", startsAt.plusMillis(6300),
                "ENDED", startsAt.plusMillis(7800));

        List<Listener> listeners = replicas.stream().map(replica -> new Listener(replica, id)).toList();
        try {
            sleepUntil(startsAt.plusMillis(2900));
            Instant killedAt = Instant.now();
            leader.process().destroyForcibly(); // SIGKILL
            await(leader.process());
            replicas.remove(leader);
            sleepUntil(due.get("ENDED").plusSeconds(3));

            Map<String, List<Instant>> written = written(servers, id);
            System.out.println("failover | leader SIGKILLed at start+2.9 s; written after the kill: " + since(killedAt,
                    written) + " ms; lateness of each write after its time: " + lateness(due, written) + " ms");
            for (Listener listener : listeners) {
                if (listener.replica == leader) {
                    continue;
                }
                System.out.println("failover | subscriber on " + listener.replica.port() + " heard, ms after the kill: "
                                   + listener.heardSince(killedAt) + "; ms after each song's time: "
                                   + listener.lateness(due));
            }
            for (Map.Entry<String, List<Instant>> label : written.entrySet()) {
                assertThat(label.getKey() + " published once: " + written, label.getValue(), hasSize(1));
            }
            assertThat("the song that started and ended with no leader is not published as live",
                    written.keySet(), not(hasItem("InTheGap")));
            long takeover = Duration.between(killedAt, written.get("AtTakeover").getFirst()).toMillis();
            assertThat("the song playing at takeover, written ms after the kill", takeover,
                    lessThan(TAKEOVER_WITHIN_MS));
            for (Listener listener : listeners) {
                if (listener.replica == leader) {
                    continue;
                }
                assertThat("songs heard on " + listener.replica.port(), listener.songs(),
                        contains("Before", "AtTakeover", "After"));
                assertThat("statuses heard on " + listener.replica.port(), listener.statuses(),
                        contains("SCHEDULED", "LIVE", "ENDED"));
                JsonObject atTakeover = listener.nowPlaying("AtTakeover");
                assertThat("its real start, not the takeover's", Instant.parse(atTakeover.getString("startedAt")),
                        is(due.get("AtTakeover")));
                assertThat("its position: how far into the song the takeover came", atTakeover.getInt("position"),
                        greaterThan(0));
                assertThat("heard before the next song is due",
                        listener.heard("AtTakeover").isBefore(due.get("After")), is(true));
            }
        } finally {
            listeners.forEach(Listener::close);
        }
    }

    @Test
    @Order(1)
    void aLeaderFrozenPastItsLeaseWritesNothingOnceResumed(BackingServers servers) {
        Fixtures fixtures = fixtures();
        String curator = issuer.token("curator-freeze", "curator");
        String artist = fixtures.artist("Freeze Artist");
        String playlist = fixtures.playlist("Freeze set", true, curator);
        fixtures.add(playlist, fixtures.song(artist, "P-One", 1500), curator);
        fixtures.add(playlist, fixtures.song(artist, "P-Two", 2000), curator);
        fixtures.add(playlist, fixtures.song(artist, "P-Three", 1500), curator);
        ServiceReplica leader = leader(replicas);

        Instant startsAt = Instant.now().plusMillis(4000);
        String id = createEvent(curator, playlist, "Freeze", startsAt);
        List<Listener> listeners = replicas.stream().map(replica -> new Listener(replica, id)).toList();
        try {
            // The go-live is the leader's own write, finished before it freezes (on a loaded machine it came 1.4 s
            // late once, and a write in flight at the freeze would count after the resume).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (listeners.stream().noneMatch(listener -> listener.songs().contains("P-One"))
                   && System.nanoTime() < deadline) {
                pause(20);
            }
            sleepUntil(startsAt.plusMillis(900));
            double writtenBefore = metric(leader, "encore_live_events_transitions_written_total");
            double lostBefore = metric(leader, "encore_live_events_lease_lost_total");
            signal(leader.process(), "STOP");
            Instant frozenAt = Instant.now();
            try {
                // 3 s frozen (at least 2.5 s, twice the lease): P-Two and P-Three start meanwhile
                sleepUntil(latest(startsAt.plusMillis(4000), frozenAt.plusMillis(2500)));
            } finally {
                signal(leader.process(), "CONT");
            }
            sleepUntil(latest(startsAt.plusMillis(5000 + 3000), Instant.now().plusMillis(3000)));

            double writtenAfter = metric(leader, "encore_live_events_transitions_written_total");
            double lostAfter = metric(leader, "encore_live_events_lease_lost_total");
            double fenced = metric(leader, "encore_live_events_writes_fenced_total");
            Map<String, List<Instant>> written = written(servers, id);
            System.out.println("failover | leader frozen 3 s from start+0.9 s: its writes before " + writtenBefore
                               + ", after " + writtenAfter + "; lease lost noticed " + (lostAfter - lostBefore)
                               + "; its writes refused by the fence " + fenced + "; published " + written.keySet());
            assertThat("the resumed leader wrote nothing", writtenAfter, is(writtenBefore));
            assertThat("the resumed leader noticed it lost the lease", lostAfter, is(lostBefore + 1));
            for (Map.Entry<String, List<Instant>> label : written.entrySet()) {
                assertThat(label.getKey() + " published once: " + written, label.getValue(), hasSize(1));
            }
            for (Listener listener : listeners) {
                String where = listener.replica == leader ? "the frozen one" : String.valueOf(listener.replica.port());
                assertThat("songs heard on " + where, listener.songs(), contains("P-One", "P-Two", "P-Three"));
                assertThat("statuses heard on " + where, listener.statuses(), contains("SCHEDULED", "LIVE", "ENDED"));
            }
        } finally {
            listeners.forEach(Listener::close);
        }
    }

    /** One WebSocket on a replica with the two live event subscriptions, recording what arrives and when. */
    private static final class Listener implements AutoCloseable {

        private record Heard(Instant at, JsonObject data) {
        }

        final ServiceReplica replica;
        private final WsClient ws;
        private final List<Heard> heard = new CopyOnWriteArrayList<>();
        private final Thread reader;

        Listener(ServiceReplica replica, String eventId) {
            this.replica = replica;
            this.ws = WsClient.initialized(replica.uri(), null);
            ws.subscribe("s", "subscription($e: ID!) { liveEventStatus(eventId: $e) { status } }",
                    Fixtures.vars("e", eventId));
            ws.subscribe("n", "subscription($e: ID!) { nowPlaying(eventId: $e) { index startedAt position "
                              + "song { title } } }", Fixtures.vars("e", eventId));
            reader = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    JsonObject message = ws.poll(Duration.ofMillis(200));
                    if (message != null && "next".equals(message.getString("type"))) {
                        heard.add(new Heard(Instant.now(), message.getJsonObject("payload").getJsonObject("data")));
                    }
                }
            });
            // The subscription's first message is the event's current state: from then on it is registered.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (statuses().isEmpty() && System.nanoTime() < deadline) {
                pause(20);
            }
            assertThat("the status subscription on " + replica.port() + " answered", statuses().isEmpty(), is(false));
        }

        List<String> statuses() {
            return heard.stream().filter(h -> h.data.containsKey("liveEventStatus"))
                    .map(h -> h.data.getJsonObject("liveEventStatus").getString("status")).toList();
        }

        List<String> songs() {
            return heard.stream().filter(h -> h.data.containsKey("nowPlaying"))
                    .map(h -> h.data.getJsonObject("nowPlaying").getJsonObject("song").getString("title")).toList();
        }

        JsonObject nowPlaying(String title) {
            return heard.stream().filter(h -> h.data.containsKey("nowPlaying")).map(h -> h.data
                            .getJsonObject("nowPlaying"))
                    .filter(n -> n.getJsonObject("song").getString("title").equals(title)).findFirst().orElseThrow();
        }

        Instant heard(String label) {
            return heard.stream().filter(h -> label.equals(label(h))).findFirst().orElseThrow().at;
        }

        Map<String, Long> heardSince(Instant since) {
            Map<String, Long> out = new LinkedHashMap<>();
            heard.stream().filter(h -> h.at.isAfter(since))
                    .forEach(h -> out.put(label(h), Duration.between(since, h.at).toMillis()));
            return out;
        }

        Map<String, Long> lateness(Map<String, Instant> due) {
            Map<String, Long> out = new LinkedHashMap<>();
            heard.stream().filter(h -> due.containsKey(label(h)))
                    .forEach(h -> out.put(label(h), Duration.between(due.get(label(h)), h.at).toMillis()));
            return out;
        }

        private static String label(Heard h) {
            return h.data.containsKey("nowPlaying")
                    ? h.data.getJsonObject("nowPlaying").getJsonObject("song").getString("title")
                    : h.data.getJsonObject("liveEventStatus").getString("status");
        }

        @Override
        public void close() {
            reader.interrupt();
            try {
                ws.close();
            } catch (RuntimeException e) {
                // the replica may be dead: nothing to close
            }
        }
    }

    private Fixtures fixtures() {
        return new Fixtures(new GraphqlClient(target.getUri()), issuer.token("curator-failover", "curator"));
    }

    private String createEvent(String curator, String playlist, String title, Instant startsAt) {
        return new GraphqlClient(target.getUri()).data(
                        "mutation($i: LiveEventInput!) { createLiveEvent(input: $i) { id } }",
                        Json.createObjectBuilder().add("i", Json.createObjectBuilder().add("title", title)
                                .add("startsAt", startsAt.toString()).add("playlistId", playlist)).build(), curator)
                .getJsonObject("createLiveEvent").getString("id");
    }

    /** The one replica whose leader gauge is 1 (after the lease has settled). */
    private static ServiceReplica leader(List<ServiceReplica> candidates) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<ServiceReplica> leaders = List.of();
        while (System.nanoTime() < deadline) {
            leaders = candidates.stream().filter(r -> metric(r, "encore_live_events_leader") == 1).toList();
            if (leaders.size() == 1) {
                return leaders.getFirst();
            }
            pause(100);
        }
        throw new AssertionError("not exactly one leader among " + candidates.size() + " replicas: " + leaders.size());
    }

    private static double metric(ServiceReplica replica, String name) {
        String body = new GraphqlClient(replica.uri()).raw("GET", "/metrics", Map.of("Accept", "text/plain"), null)
                .raw().body();
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)").matcher(body);
        return value.find() ? Double.parseDouble(value.group(2)) : 0;
    }

    /** When each label of the event was published on {@code live-events}, as its {@code at} says. */
    private static Map<String, List<Instant>> written(BackingServers servers, String id) {
        Map<String, List<Instant>> written = new LinkedHashMap<>();
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "scheduler-failover-it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.LIVE_EVENTS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (!written.containsKey("ENDED") && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonObject change = Json.createReader(new StringReader(record.value())).readObject();
                    if (id.equals(change.getString("eventId"))) {
                        String label = "STATUS".equals(change.getString("kind")) ? change.getString("status")
                                : change.getString("songTitle");
                        written.computeIfAbsent(label, k -> new ArrayList<>())
                                .add(Instant.parse(change.getString("at")));
                    }
                }
            }
            // Anything published twice would come right behind: one more short poll.
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                JsonObject change = Json.createReader(new StringReader(record.value())).readObject();
                if (id.equals(change.getString("eventId"))) {
                    String label = "STATUS".equals(change.getString("kind")) ? change.getString("status")
                            : change.getString("songTitle");
                    written.computeIfAbsent(label, k -> new ArrayList<>()).add(Instant.parse(change.getString("at")));
                }
            }
        }
        return written;
    }

    private static Map<String, Long> since(Instant from, Map<String, List<Instant>> written) {
        Map<String, Long> out = new LinkedHashMap<>();
        written.forEach((label, at) -> {
            if (at.getFirst().isAfter(from)) {
                out.put(label, Duration.between(from, at.getFirst()).toMillis());
            }
        });
        return out;
    }

    private static Map<String, Long> lateness(Map<String, Instant> due, Map<String, List<Instant>> written) {
        Map<String, Long> out = new LinkedHashMap<>();
        written.forEach((label, at) -> {
            if (due.containsKey(label)) {
                out.put(label, Duration.between(due.get(label), at.getFirst()).toMillis());
            }
        });
        return out;
    }

    /** SIGSTOP / SIGCONT, as an operator's {@code kill -STOP} (a stalled VM, a long GC pause). */
    private static void signal(ProcessHandle process, String signal) {
        if (!process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(ProcessHandle process) {
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the killed replica did not exit", e);
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static void sleepUntil(Instant when) {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            pause(millis);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
