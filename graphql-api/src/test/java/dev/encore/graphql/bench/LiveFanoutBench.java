package dev.encore.graphql.bench;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.encore.graphql.Fixtures;
import dev.encore.graphql.GraphqlClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The live fan-out benchmark's client ({@code graphql-api/bench/live}), in a JVM of its own so the server's heap holds
 * only the server: for each round, N graphql-ws subscribers on one event's {@code nowPlaying} (opened at a bounded
 * rate), then the time from each song's scheduled start to every subscriber's frame, who was refused and why, how
 * {@code /health/live} answered throughout, and the server's live heap (a class histogram, which collects first)
 * idle, loaded and afterwards, with its CPU time from {@code /proc}. Not a test.
 *
 * <p>Arguments: the server's base URL, its pid, a file whose text holds a curator token, then one subscriber count
 * per round.
 */
public final class LiveFanoutBench {

    private static final int SONGS = 4;
    private static final int SONG_MS = 3000;
    private static final int CONNECTIONS_PER_SECOND = Integer.getInteger("bench.rate", 500);
    private static final Pattern TOKEN = Pattern.compile("curator token: (\\S+)");

    private LiveFanoutBench() {
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        long pid = Long.parseLong(args[1]);
        Matcher token = TOKEN.matcher(Files.readString(Path.of(args[2])));
        if (!token.find()) {
            throw new IllegalStateException("no curator token in " + args[2]);
        }
        String curator = token.group(1);
        GraphqlClient client = new GraphqlClient(base);
        Fixtures fixtures = new Fixtures(client, curator);
        String artist = fixtures.artist("Fan-out Artist");
        String playlist = fixtures.playlist("Fan-out set", true, curator);
        for (int i = 0; i < SONGS; i++) {
            fixtures.add(playlist, fixtures.song(artist, "Song " + i, SONG_MS), curator);
        }
        Health health = new Health(base);
        health.start();
        for (int r = 3; r < args.length; r++) {
            String[] round = args[r].split(":");
            boolean jdk = round.length > 1 && round[1].equals("jdk");
            round(client, curator, playlist, base, pid, Integer.parseInt(round[0]), jdk, health);
        }
        health.stop();
    }

    private static void round(GraphqlClient client, String curator, String playlist, URI base, long pid,
                              int subscribers, boolean jdkClient, Health health) throws Exception {
        long idle = liveHeap(pid);
        health.reset();
        long connectMillis = 1000L * subscribers / CONNECTIONS_PER_SECOND + 8000;
        Instant startsAt = Instant.now().plusMillis(connectMillis);
        String event = client.data("mutation($i: LiveEventInput!) { createLiveEvent(input: $i) { id } }",
                Json.createObjectBuilder().add("i", Json.createObjectBuilder().add("title", "Fan-out " + subscribers)
                        .add("startsAt", startsAt.toString()).add("playlistId", playlist)).build(), curator)
                .getJsonObject("createLiveEvent").getString("id");
        String subscribe = "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription { nowPlaying("
                           + "eventId: \\\"" + event + "\\\") { index startedAt serverTime song { title } } }\"}}";
        URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "/graphql");
        Recorder recorder = new Recorder();
        List<HttpClient> https = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            https.add(HttpClient.newHttpClient());
        }
        List<WebSocket> sockets = new ArrayList<>();
        RawSubscribers raw = jdkClient ? null : new RawSubscribers();
        long cpuBefore = cpuMillis(pid);
        long opening = System.nanoTime();
        for (int i = 0; i < subscribers; i++) {
            long due = opening + i * 1_000_000_000L / CONNECTIONS_PER_SECOND;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            try {
                if (raw != null) {
                    raw.open(ws, subscribe);
                    continue;
                }
                WebSocket socket = https.get(i % https.size()).newWebSocketBuilder().subprotocols("graphql-transport-ws")
                        .connectTimeout(Duration.ofSeconds(10)).buildAsync(ws, recorder).join();
                socket.sendText("{\"type\":\"connection_init\",\"payload\":{}}", true)
                        .thenCompose(s -> s.sendText(subscribe, true)).exceptionally(e -> null);
                sockets.add(socket);
            } catch (RuntimeException | IOException e) {
                recorder.failedToConnect.incrementAndGet();
            }
        }
        long opened = (System.nanoTime() - opening) / 1_000_000;
        while (Instant.now().isBefore(startsAt.minusMillis(1500))) {
            Thread.sleep(100);
        }
        long loaded = liveHeap(pid);
        String histogram = histogramLines(pid);
        long clientCpuBefore = clientCpuMillis();
        long readerBefore = raw == null ? 0 : raw.cpuNanos();
        while (Instant.now().isBefore(startsAt.plusMillis((long) SONGS * SONG_MS + 3000))) {
            Thread.sleep(100);
        }
        long clientCpu = clientCpuMillis() - clientCpuBefore;
        long readerCpu = raw == null ? -1 : (raw.cpuNanos() - readerBefore) / 1_000_000;
        if (raw != null) {
            for (RawSubscribers.Frame frame : raw.frames()) {
                if (frame.opcode() == 8) {
                    recorder.closes.merge(frame.text(), 1, Integer::sum);
                } else {
                    recorder.text(frame.arrived(), frame.text());
                }
            }
        }
        long cpuDuring = cpuMillis(pid) - cpuBefore;
        int closed = recorder.closes.values().stream().mapToInt(Integer::intValue).sum();
        int served = subscribers - closed - recorder.failedToConnect.get() - recorder.errors.get();
        System.out.printf("LIVE %d subscribers (%s client): opened in %d ms; acked %d, served %d, refused/closed %s, "
                          + "subscribe errors %s, failed to connect %d; client CPU over the songs %d ms%s%n",
                subscribers, jdkClient ? "JDK WebSocket" : "raw socket", opened, recorder.acks.get(), served,
                summary(recorder.closes), recorder.errorCodes, recorder.failedToConnect.get(), clientCpu,
                readerCpu < 0 ? "" : " (of which the reading thread " + readerCpu + " ms)");
        for (int index = 0; index < SONGS; index++) {
            long due = startsAt.plusMillis((long) SONG_MS * index).toEpochMilli();
            List<Long> delays = new ArrayList<>();
            for (long arrived : recorder.arrivals.getOrDefault(index, new ConcurrentLinkedQueue<>())) {
                delays.add(arrived - due);
            }
            Collections.sort(delays);
            List<Long> fanout = new ArrayList<>();
            for (long[] frame : recorder.frames.getOrDefault(index, new ConcurrentLinkedQueue<>())) {
                fanout.add(frame[0] - frame[2]);
            }
            Collections.sort(fanout);
            long[] any = recorder.frames.getOrDefault(index, new ConcurrentLinkedQueue<>()).peek();
            System.out.printf("LIVE %d subscribers, song %d: %d frames (%d missing), ms from scheduled start to "
                              + "frame p50 %d p99 %d last %d; of which scheduler (startedAt) %d, Kafka and the state "
                              + "read (to the event's serverTime) %d, fan-out (serverTime to frame) p50 %d p99 %d "
                              + "last %d%n", subscribers, index, delays.size(),
                    Math.max(0, served - delays.size()), pct(delays, 50), pct(delays, 99),
                    delays.isEmpty() ? -1 : delays.get(delays.size() - 1), any == null ? -1 : any[1] - due,
                    any == null ? -1 : any[2] - any[1], pct(fanout, 50), pct(fanout, 99),
                    fanout.isEmpty() ? -1 : fanout.get(fanout.size() - 1));
        }
        // The server's own view (this build's encore_subscriptions_fanout timer: from an event's result to the last
        // subscriber's frame written to its socket); absent on builds without it.
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                base.resolve("/metrics?scope=application")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        metrics.body().lines().filter(line -> line.startsWith("encore_subscriptions_fanout")
                                              || line.startsWith("encore_subscriptions_refused"))
                .forEach(line -> System.out.println("LIVE   server " + line));
        sockets.forEach(WebSocket::abort);
        if (raw != null) {
            raw.close();
        }
        Thread.sleep(5000);
        long after = liveHeap(pid);
        String afterHistogram = histogramLines(pid);
        System.out.printf("LIVE %d subscribers: server live heap idle %.1f MB, loaded %.1f MB (%d bytes per admitted "
                          + "subscriber), 5 s after closing %.1f MB; server CPU %d ms over the round%n", subscribers,
                idle / 1e6, loaded / 1e6, served > 0 ? (loaded - idle) / served : -1, after / 1e6, cpuDuring);
        System.out.printf("LIVE %d subscribers: /health/live %d answers, %d failed or over 5 s, slowest %d ms%n",
                subscribers, health.answers.get(), health.failures.get(), health.slowest.get());
        System.out.print(histogram);
        System.out.print(afterHistogram.replace("LIVE   histogram", "LIVE   after closing"));
    }

    /** The server's live heap in bytes: the total of a class histogram (which runs a full collection first). */
    private static long liveHeap(long pid) throws IOException, InterruptedException {
        String out = jcmd(pid, "GC.class_histogram");
        Matcher total = Pattern.compile("Total\\s+\\d+\\s+(\\d+)").matcher(out);
        return total.find() ? Long.parseLong(total.group(1)) : -1;
    }

    /** The histogram lines of the classes issue 17 found by the thousand, and the top ten. */
    private static String histogramLines(long pid) throws IOException, InterruptedException {
        StringBuilder lines = new StringBuilder();
        int n = 0;
        for (String line : jcmd(pid, "GC.class_histogram").lines().toList()) {
            boolean top = line.matches("\\s*\\d+:.*") && n++ < 10;
            if (top || line.contains("StackChunk") || line.contains("DataLoaderRegistry ")
                || line.contains("LinkedBlockingQueue ") || line.contains("ArrayBlockingQueue ")
                || line.contains("GraphqlWsConnection ") || line.contains("java.lang.VirtualThread ")) {
                lines.append("LIVE   histogram ").append(line.strip()).append('\n');
            }
        }
        return lines.toString();
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return out;
    }

    private static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // utime + stime, in 10 ms ticks
    }

    /** This JVM's CPU time (all threads) in ms. */
    private static long clientCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    }

    private static String summary(Map<String, Integer> closes) {
        return closes.isEmpty() ? "none" : closes.toString();
    }

    private static long pct(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    /** Every subscriber's frames (arrival time by song index), closes (code and reason) and errors. */
    private static final class Recorder implements WebSocket.Listener {
        final Map<Integer, ConcurrentLinkedQueue<Long>> arrivals = new ConcurrentHashMap<>();
        /** By song index: {arrival, startedAt, serverTime} in epoch ms. */
        final Map<Integer, ConcurrentLinkedQueue<long[]>> frames = new ConcurrentHashMap<>();
        final Map<String, Integer> closes = Collections.synchronizedMap(new TreeMap<>());
        final Map<String, Integer> errorCodes = new ConcurrentHashMap<>();
        final AtomicInteger acks = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger failedToConnect = new AtomicInteger();
        private final Map<WebSocket, StringBuilder> partial = new ConcurrentHashMap<>();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            long now = System.currentTimeMillis();
            StringBuilder text = partial.computeIfAbsent(socket, s -> new StringBuilder()).append(data);
            if (last) {
                String message = text.toString();
                partial.remove(socket);
                text(now, message);
            }
            socket.request(1);
            return null;
        }

        /** A whole text message that arrived at {@code now} (epoch ms). */
        void text(long now, String message) {
            if (message.contains("\"next\"")) {
                JsonObject json = Json.createReader(new StringReader(message)).readObject();
                JsonObject playing = json.getJsonObject("payload").getJsonObject("data").getJsonObject("nowPlaying");
                int index = playing.getInt("index");
                arrivals.computeIfAbsent(index, i -> new ConcurrentLinkedQueue<>()).add(now);
                frames.computeIfAbsent(index, i -> new ConcurrentLinkedQueue<>()).add(new long[] {now,
                    Instant.parse(playing.getString("startedAt")).toEpochMilli(),
                    Instant.parse(playing.getString("serverTime")).toEpochMilli()});
            } else if (message.contains("connection_ack")) {
                acks.incrementAndGet();
            } else if (message.contains("\"error\"")) {
                errors.incrementAndGet();
                String code = message.replaceAll(".*\"code\":\"([A-Z_]+)\".*", "$1");
                errorCodes.merge(code, 1, Integer::sum);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            closes.merge(status + " " + reason, 1, Integer::sum);
            return null;
        }
    }

    /** Asks {@code /health/live} every 250 ms, each with a 5 s timeout, from its own thread. */
    private static final class Health implements Runnable {
        final AtomicInteger answers = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicLong slowest = new AtomicLong();
        private final URI live;
        private final HttpClient http = HttpClient.newHttpClient();
        private volatile boolean stopped;

        Health(URI base) {
            this.live = base.resolve("/health/live");
        }

        void start() {
            Thread.ofPlatform().daemon().name("health").start(this);
        }

        void stop() {
            stopped = true;
        }

        void reset() {
            answers.set(0);
            failures.set(0);
            slowest.set(0);
        }

        @Override
        public void run() {
            while (!stopped) {
                long start = System.nanoTime();
                try {
                    HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(live).timeout(Duration.ofSeconds(5))
                            .build(), HttpResponse.BodyHandlers.discarding());
                    if (answer.statusCode() == 200) {
                        answers.incrementAndGet();
                    } else {
                        failures.incrementAndGet();
                    }
                } catch (IOException e) {
                    failures.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
                slowest.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
