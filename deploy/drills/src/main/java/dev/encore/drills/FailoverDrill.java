package dev.encore.drills;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The live event scheduler's leader dies mid-song (issue 17): two graphql-api replicas contend for the lease, N
 * {@code nowPlaying} + {@code liveEventStatus} subscribers are spread over both, and the leader is SIGKILLed 100 ms
 * before a 300 ms song; the next song starts while no replica leads. Every subscriber of the survivor must get the song
 * playing at takeover (with its real start) within 2 s of the kill, then every later transition, each once; the song
 * that started and ended in the gap is not sent as if live. Runs last: it kills a graphql-api instance for good.
 */
final class FailoverDrill implements Drill {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long TARGET_MS = 2000;

    @Override
    public String name() {
        return "failover";
    }

    @Override
    public String summary() {
        return "the live event scheduler's leader SIGKILLed mid-song, subscribers on two graphql-api replicas: "
               + "lateness per transition, misses, duplicates";
    }

    @Override
    public void run(DrillStack stack, Settings settings, Report report) throws Exception {
        int subscribers = settings.pick(200, 40);
        List<String> replicas = stack.graphqlReplicas(2);
        Http http = new Http();
        String curator = new Accounts(http, stack.url("identity-service")).demo("curator");
        String graphql = replicas.getFirst() + "/graphql";
        String artist = data(http, graphql, curator, "mutation { createArtist(input: {name: \"Failover drill\"}) "
                                                     + "{ id } }", null).getJsonObject("createArtist").getString("id");
        String playlist = data(http, graphql, curator, "mutation { createPlaylist(input: {name: \"Failover drill\", "
                                                       + "public: true}) { id } }", null)
                .getJsonObject("createPlaylist").getString("id");
        Map<String, Integer> songs = new LinkedHashMap<>();
        songs.put("Before", 3000);
        songs.put("InTheGap", 300);
        songs.put("AtTakeover", 3000);
        songs.put("After", 1500);
        for (Map.Entry<String, Integer> song : songs.entrySet()) {
            String id = data(http, graphql, curator, "mutation($t: String!, $a: ID!, $d: Int!) { createSong(input: "
                            + "{title: $t, artistId: $a, durationMs: $d}) { id } }",
                    Json.createObjectBuilder().add("t", song.getKey()).add("a", artist).add("d", song.getValue())
                            .build().toString()).getJsonObject("createSong").getString("id");
            data(http, graphql, curator, "mutation($p: ID!, $s: ID!) { addSongToPlaylist(playlistId: $p, songId: $s) "
                                         + "{ id } }",
                    Json.createObjectBuilder().add("p", playlist).add("s", id).build().toString());
        }
        String leaderUrl = leader(http, replicas);
        String survivorUrl = replicas.stream().filter(url -> !url.equals(leaderUrl)).findFirst().orElseThrow();

        // Time to subscribe everyone before the start (a late subscriber's first message would already be LIVE).
        int lead = settings.pick(20, 8);
        Instant startsAt = Instant.now().plusSeconds(lead).truncatedTo(ChronoUnit.MILLIS);
        String event = data(http, graphql, curator, "mutation($i: LiveEventInput!) { createLiveEvent(input: $i) "
                                                    + "{ id } }",
                Json.createObjectBuilder().add("i", Json.createObjectBuilder().add("title", "Failover drill")
                        .add("startsAt", startsAt.toString()).add("playlistId", playlist)).build().toString())
                .getJsonObject("createLiveEvent").getString("id");
        Map<String, Instant> due = new LinkedHashMap<>();
        due.put("LIVE", startsAt);
        long offset = 0;
        for (Map.Entry<String, Integer> song : songs.entrySet()) {
            due.put(song.getKey(), startsAt.plusMillis(offset));
            offset += song.getValue();
        }
        due.put("ENDED", startsAt.plusMillis(offset));

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<Subscriber> all = new ArrayList<>();
        try {
            long subscribing = System.nanoTime();
            for (int i = 0; i < subscribers; i++) {
                all.add(new Subscriber(client, replicas.get(i % replicas.size()), event));
                if (i % 10 == 9) {
                    Thread.sleep(100); // 100 new sockets a second at most
                }
            }
            // A socket the replica refuses or drops while subscribing (graphql-api's subscription capacity, issue 17
            // part 1) is reported and left out: this drill is about the scheduler.
            // One deadline for all (a second before the start), not a wait per socket: stragglers are reported.
            Instant readyBy = startsAt.minusSeconds(1);
            Map<String, Integer> refused = new LinkedHashMap<>();
            for (Subscriber subscriber : all) {
                try {
                    subscriber.ready.get(Math.max(0, Duration.between(Instant.now(), readyBy).toMillis()),
                            TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    refused.merge(e.getCause() == null ? String.valueOf(e) : e.getCause().getMessage(), 1,
                            Integer::sum);
                    subscriber.failed = true;
                }
            }
            if (!refused.isEmpty()) {
                report.figure("not subscribed (left out): %s", refused);
            }
            double subscribed = (System.nanoTime() - subscribing) / 1e9;
            if (Instant.now().isAfter(startsAt)) {
                throw new IllegalStateException("subscribing took " + subscribed + " s, past the event's start");
            }
            long heapBefore = (long) metric(http, survivorUrl, "memory_usedHeap_bytes");
            report.figure("%d subscribers on 2 graphql-api replicas (leader %s), subscribed in %.1f s; event at +%d s: "
                          + "songs %s ms; the leader SIGKILLed at start+2.9 s", subscribers, port(leaderUrl), subscribed,
                    lead, songs);
            sleepUntil(startsAt.plusMillis(2900));
            Instant killedAt = Instant.now();
            ProcessHandle leader = stack.process("graphql-api", leaderUrl);
            leader.destroyForcibly();
            leader.onExit().get(10, TimeUnit.SECONDS);
            sleepUntil(due.get("ENDED").plusSeconds(4));

            List<Subscriber> survivors = all.stream().filter(s -> s.replica.equals(survivorUrl) && !s.failed)
                    .toList();
            List<String> expected = List.of("LIVE", "Before", "AtTakeover", "After", "ENDED");
            int misses = 0;
            int duplicates = 0;
            int replayed = 0;
            Map<String, Latencies> late = new LinkedHashMap<>();
            Latencies afterKill = new Latencies();
            int wrongStart = 0;
            for (Subscriber subscriber : survivors) {
                for (String label : expected) {
                    List<Subscriber.Heard> heard = subscriber.heard(label);
                    if (heard.isEmpty()) {
                        misses++;
                        continue;
                    }
                    duplicates += heard.size() - 1;
                    late.computeIfAbsent(label, k -> new Latencies())
                            .add(Duration.between(due.get(label), heard.getFirst().at()).toNanos());
                    if (label.equals("AtTakeover")) {
                        afterKill.add(Duration.between(killedAt, heard.getFirst().at()).toNanos());
                        if (!due.get(label).equals(heard.getFirst().startedAt())) {
                            wrongStart++;
                        }
                    }
                }
                replayed += subscriber.heard("InTheGap").size();
            }
            for (Map.Entry<String, Latencies> label : late.entrySet()) {
                report.figure("%-10s heard after its scheduled time: %s", label.getKey(), label.getValue().summary());
            }
            report.figure("the song playing at takeover, heard after the kill: %s (target: within %d ms); with a "
                          + "wrong startedAt: %d", afterKill.summary(), TARGET_MS, wrongStart);
            report.figure("survivor subscribers %d: misses %d, duplicates %d, the song inside the gap sent %d times",
                    survivors.size(), misses, duplicates, replayed);
            long heapAfter = (long) metric(http, survivorUrl, "memory_usedHeap_bytes");
            report.figure("survivor heap used: before %d MB, after %d MB", heapBefore >> 20, heapAfter >> 20);
            report.breachIf(misses > 0, misses + " transitions missed by survivor subscribers");
            report.breachIf(duplicates > 0, duplicates + " transitions heard twice");
            report.breachIf(replayed > 0, "the song inside the gap was sent as live " + replayed + " times");
            report.breachIf(wrongStart > 0, wrongStart + " subscribers got the takeover song with a wrong startedAt");
            long slowest = afterKill.count() == 0 ? Long.MAX_VALUE : (long) afterKill.maxMillis();
            report.targetIf(slowest > TARGET_MS, "the song playing at takeover reached every survivor subscriber "
                                                 + slowest + " ms after the kill (target " + TARGET_MS + " ms)");
        } finally {
            all.forEach(Subscriber::close);
        }
    }

    /** One graphql-transport-ws socket with the event's two subscriptions, recording what arrives and when. */
    private static final class Subscriber implements WebSocket.Listener {

        record Heard(String label, Instant at, Instant startedAt) {
        }

        final String replica;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        volatile boolean failed;
        private final List<Heard> heard = new CopyOnWriteArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private final String event;
        private WebSocket socket;

        Subscriber(HttpClient client, String replica, String event) {
            this.replica = replica;
            this.event = event;
            client.newWebSocketBuilder().subprotocols("graphql-transport-ws").connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(replica.replaceFirst("^http", "ws") + "/graphql"), this)
                    .whenComplete((ws, failure) -> {
                        if (failure != null) {
                            ready.completeExceptionally(failure);
                        }
                    });
        }

        List<Heard> heard(String label) {
            return heard.stream().filter(h -> h.label.equals(label)).toList();
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.sendText("{\"type\":\"connection_init\",\"payload\":{}}", true);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                Instant at = Instant.now();
                JsonObject message = Json.createReader(new StringReader(text.toString())).readObject();
                text.setLength(0);
                switch (message.getString("type", "")) {
                    case "connection_ack" -> {
                        String vars = "{\"e\":\"" + event + "\"}";
                        // One send at a time: the JDK's WebSocket fails a send made while the previous one is pending.
                        webSocket.sendText(subscribe("s", "subscription($e: ID!) { liveEventStatus(eventId: $e) "
                                                          + "{ status } }", vars), true)
                                .thenCompose(ws -> ws.sendText(subscribe("n", "subscription($e: ID!) { nowPlaying("
                                                          + "eventId: $e) { startedAt song { title } } }", vars), true))
                                .whenComplete((ws, failure) -> {
                                    if (failure != null) {
                                        ready.completeExceptionally(failure);
                                    }
                                });
                    }
                    case "next" -> {
                        JsonObject payload = message.getJsonObject("payload").getJsonObject("data");
                        if (payload.containsKey("liveEventStatus")) {
                            String status = payload.getJsonObject("liveEventStatus").getString("status");
                            // The first one is the state at subscribe (SCHEDULED); from then on it is registered.
                            if (!ready.isDone()) {
                                ready.complete(null);
                            }
                            if (!status.equals("SCHEDULED")) {
                                heard.add(new Heard(status, at, null));
                            }
                        } else {
                            JsonObject now = payload.getJsonObject("nowPlaying");
                            heard.add(new Heard(now.getJsonObject("song").getString("title"), at,
                                    Instant.parse(now.getString("startedAt"))));
                        }
                    }
                    default -> {
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ready.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ready.completeExceptionally(error);
        }

        private static String subscribe(String id, String query, String variables) {
            return "{\"id\":\"" + id + "\",\"type\":\"subscribe\",\"payload\":{\"query\":" + Http.quote(query)
                   + ",\"variables\":" + variables + "}}";
        }

        void close() {
            if (socket != null) {
                socket.abort();
            }
        }
    }

    private static JsonObject data(Http http, String graphql, String token, String query, String variables) {
        Http.Answer answer = http.graphql(graphql, query, variables, token, TIMEOUT);
        JsonObject json = answer.json();
        if (answer.status() != 200 || json.containsKey("errors") || !json.containsKey("data")) {
            throw new IllegalStateException("GraphQL " + answer.status() + ": " + answer.body());
        }
        return json.getJsonObject("data");
    }

    /** The replica whose {@code encore_live_events_leader} gauge is 1. */
    private static String leader(Http http, List<String> replicas) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            List<String> leaders = replicas.stream()
                    .filter(url -> metric(http, url, "encore_live_events_leader") == 1).toList();
            if (leaders.size() == 1) {
                return leaders.getFirst();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no single scheduler leader among " + replicas);
    }

    private static double metric(Http http, String url, String name) {
        Http.Answer answer = http.get(url + "/metrics", TIMEOUT, "Accept", "text/plain");
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)")
                .matcher(answer.body());
        return value.find() ? Double.parseDouble(value.group(2)) : -1;
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
