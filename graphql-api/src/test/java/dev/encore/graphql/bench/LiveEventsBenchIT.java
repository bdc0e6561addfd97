package dev.encore.graphql.bench;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.encore.graphql.Fixtures;
import dev.encore.graphql.GraphqlClient;
import dev.encore.graphql.kafka.UpdatesListener;
import dev.encore.local.BackingServers;
import dev.encore.local.BackingServersExtension;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live events benchmark (not part of the normal suite; run with {@code -Dbench.live=true}):
 * <ol>
 *   <li>1,000 WebSocket subscribers on one event's {@code nowPlaying}: for each song change, the time from its
 *       scheduled start to each subscriber's frame (p50, p99, last);</li>
 *   <li>100 short events: how late each LIVE and ENDED transition is written (the {@code at} of its
 *       {@code live-events} record) against its schedule.</li>
 * </ol>
 * Everything (server, scheduler, Kafka, MongoDB, the clients) shares this machine's cores.
 */
@EnabledIfSystemProperty(named = "bench.live", matches = "true")
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "live-events.scheduler.enabled", value = "true")
@AddConfig(key = "subscriptions.max-per-connection", value = "10")
class LiveEventsBenchIT {

    private static final int SUBSCRIBERS = Integer.getInteger("bench.subscribers", 1000);
    private static final int EVENTS = Integer.getInteger("bench.events", 100);

    @Inject
    WebTarget target;

    @Inject
    UpdatesListener listener;

    @Test
    void thousandSubscribersAndHundredEvents(BackingServers servers) throws Exception {
        GraphqlClient client = new GraphqlClient(target.getUri());
        String curator = TestTokenIssuer.shared().token("bench-curator", "curator");
        Fixtures fixtures = new Fixtures(client, curator);
        String artist = fixtures.artist("Bench Artist");
        while (!listener.ready()) {
            Thread.sleep(50);
        }

        // 1. fan-out
        String playlist = fixtures.playlist("Bench set", true, curator);
        for (int i = 0; i < 4; i++) {
            fixtures.add(playlist, fixtures.song(artist, "Song " + i, 3000), curator);
        }
        Instant startsAt = Instant.now().plusSeconds(25);
        String eventId = create(client, curator, playlist, "Fan-out", startsAt);
        HttpClient http = HttpClient.newHttpClient();
        URI ws = URI.create(target.getUri().toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/graphql");
        Map<Integer, List<Long>> arrivals = new ConcurrentHashMap<>();
        List<WebSocket> sockets = new ArrayList<>();
        long connecting = System.nanoTime();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            WebSocket socket = http.newWebSocketBuilder().subprotocols("graphql-transport-ws")
                    .buildAsync(ws, new Recorder(arrivals)).join();
            socket.sendText("{\"type\":\"connection_init\",\"payload\":{}}", true).join();
            socket.sendText("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription { nowPlaying("
                            + "eventId: \\\"" + eventId + "\\\") { index startedAt } }\"}}", true);
            sockets.add(socket);
        }
        System.out.printf("BENCH %d subscribers connected in %d ms%n", SUBSCRIBERS,
                (System.nanoTime() - connecting) / 1_000_000);
        while (Instant.now().isBefore(startsAt.plusMillis(12_000 + 3000))) {
            Thread.sleep(200);
        }
        for (int index = 0; index < 4; index++) {
            Instant due = startsAt.plusMillis(3000L * index);
            List<Long> delays = new ArrayList<>();
            for (long arrived : arrivals.getOrDefault(index, List.of())) {
                delays.add(arrived - due.toEpochMilli());
            }
            Collections.sort(delays);
            System.out.printf("BENCH nowPlaying index %d: %d frames, ms after scheduled start p50 %d p99 %d last %d%n",
                    index, delays.size(), pct(delays, 50), pct(delays, 99), delays.isEmpty() ? -1
                            : delays.get(delays.size() - 1));
        }
        sockets.forEach(WebSocket::abort);

        // 2. lateness over many short events
        String shortList = fixtures.playlist("One short song", true, curator);
        fixtures.add(shortList, fixtures.song(artist, "Short", 500), curator);
        Map<String, Instant> starts = new ConcurrentHashMap<>();
        Instant first = Instant.now().plusSeconds(15);
        for (int i = 0; i < EVENTS; i++) {
            Instant at = first.plusMillis(150L * i);
            starts.put(create(client, curator, shortList, "Short " + i, at), at);
        }
        List<Long> live = new ArrayList<>();
        List<Long> ended = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(servers)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while ((live.size() < EVENTS || ended.size() < EVENTS) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonObject change = Json.createReader(new StringReader(record.value())).readObject();
                    Instant start = starts.get(change.getString("eventId"));
                    if (start == null || !"STATUS".equals(change.getString("kind"))) {
                        continue;
                    }
                    Instant at = Instant.parse(change.getString("at"));
                    switch (change.getString("status")) {
                        case "LIVE" -> live.add(Duration.between(start, at).toMillis());
                        case "ENDED" -> ended.add(Duration.between(start.plusMillis(500), at).toMillis());
                        default -> { }
                    }
                }
            }
        }
        Collections.sort(live);
        Collections.sort(ended);
        System.out.printf("BENCH %d events: LIVE written ms after startsAt p50 %d p99 %d max %d (%d seen)%n", EVENTS,
                pct(live, 50), pct(live, 99), live.isEmpty() ? -1 : live.get(live.size() - 1), live.size());
        System.out.printf("BENCH %d events: ENDED written ms after endsAt p50 %d p99 %d max %d (%d seen)%n", EVENTS,
                pct(ended, 50), pct(ended, 99), ended.isEmpty() ? -1 : ended.get(ended.size() - 1), ended.size());
    }

    private static String create(GraphqlClient client, String curator, String playlist, String title, Instant at) {
        return client.data("mutation($i: LiveEventInput!) { createLiveEvent(input: $i) { id } }",
                Json.createObjectBuilder().add("i", Json.createObjectBuilder().add("title", title)
                        .add("startsAt", at.toString()).add("playlistId", playlist)).build(), curator)
                .getJsonObject("createLiveEvent").getString("id");
    }

    private static long pct(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    private static KafkaConsumer<String, String> consumer(BackingServers servers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "live-bench-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(Topics.LIVE_EVENTS));
        return consumer;
    }

    /** Records when each nowPlaying frame arrives, by song index. */
    private static final class Recorder implements WebSocket.Listener {
        private final Map<Integer, List<Long>> arrivals;
        private final StringBuilder text = new StringBuilder();

        Recorder(Map<Integer, List<Long>> arrivals) {
            this.arrivals = arrivals;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                long now = System.currentTimeMillis();
                String message = text.toString();
                text.setLength(0);
                if (message.contains("\"next\"")) {
                    JsonObject json = Json.createReader(new StringReader(message)).readObject();
                    int index = json.getJsonObject("payload").getJsonObject("data").getJsonObject("nowPlaying")
                            .getInt("index");
                    arrivals.computeIfAbsent(index, ignored -> new CopyOnWriteArrayList<>()).add(now);
                }
            }
            socket.request(1);
            return null;
        }
    }
}
