package dev.encore.drills;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Hostile input, as an attacker sends it: fragment bombs and introspection abuse to GraphQL, deeply nested JSON to
 * every service, malformed {@code Range} headers to media delivery, hostile chat room ids. Counts the 5xx answers
 * (a client's mistake is never a server failure) and times every answer. The GraphQL bombs run last: on a build
 * without fragment limits a deep one holds a core until the stack stops.
 */
final class FuzzDrill implements Drill {

    @Override
    public String name() {
        return "fuzz";
    }

    @Override
    public String summary() {
        return "hostile input: nested JSON to every service, malformed Range, bad room ids, introspection, fragment bombs";
    }

    /** One kind of attack: how many were sent, the statuses, 5xx and unanswered counts, and the time per answer. */
    private static final class Tally {
        final String what;
        final Latencies times = new Latencies();
        final Map<String, AtomicInteger> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger serverErrors = new AtomicInteger();
        final AtomicInteger internal = new AtomicInteger();
        final AtomicInteger unanswered = new AtomicInteger();

        Tally(String what) {
            this.what = what;
        }

        void add(Http.Answer answer, String outcome) {
            times.add(answer.nanos());
            if (answer.serverError()) {
                serverErrors.incrementAndGet();
            }
            if (answer.noAnswer()) {
                unanswered.incrementAndGet();
            }
            if (outcome.equals("INTERNAL")) {
                internal.incrementAndGet(); // GraphQL's way of saying 500: a server failure for a client's mistake
            }
            outcomes.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
        }

        void print(Report report) {
            report.figure("%s: %s; %d 5xx, %d unanswered; %s", what, new java.util.TreeMap<>(outcomes),
                    serverErrors.get(), unanswered.get(), times.summary());
            report.breachIf(serverErrors.get() > 0, what + ": " + serverErrors.get() + " answers were 5xx");
            report.breachIf(internal.get() > 0, what + ": " + internal.get() + " answers were GraphQL INTERNAL errors");
            report.targetIf(unanswered.get() > 0, what + ": " + unanswered.get() + " requests got no answer in time");
        }
    }

    @Override
    public void run(DrillStack stack, Settings settings, Report report) throws Exception {
        Http http = new Http();
        Accounts accounts = new Accounts(http, stack.url("identity-service"));
        String admin = accounts.demo("admin");
        String artist = accounts.demo("artist");
        String graphql = stack.url("graphql-api") + "/graphql";
        Duration timeout = Duration.ofSeconds(settings.pick(10, 5));

        nestedJson(http, stack, graphql, admin, artist, timeout, report);
        ranges(http, stack, artist, settings.pick(10_000, 500), timeout, report);
        roomIds(stack, accounts.demo("listener"), report);
        introspection(http, graphql, timeout, report);
        fragmentBombs(http, graphql, settings.quick() ? new int[] {10, 20, 30, 40, 60} : new int[] {10, 16, 20, 22, 24,
                30, 40, 50, 60}, timeout, report);
    }

    private static void nestedJson(Http http, DrillStack stack, String graphql, String admin, String artist,
                                   Duration timeout, Report report) {
        Tally tally = new Tally("nested JSON (1,000 to 200,000 deep) to every service");
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("array body 200,000 deep", "[".repeat(200_000) + "]".repeat(200_000));
        bodies.put("variables 100,000 deep", "{\"query\":\"query($id: ID!) { song(id: $id) { id } }\",\"variables\":"
                + "{\"id\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}}");
        bodies.put("ID! variable 1,000 deep", "{\"query\":\"query($id: ID!) { song(id: $id) { id } }\",\"variables\":"
                + "{\"id\":" + "[".repeat(1000) + "\"x\"" + "]".repeat(1000) + "}}");
        bodies.put("object variables 100,000 deep", "{\"query\":\"{ __typename }\",\"variables\":"
                + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000) + "}");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            Http.Answer answer = http.post(graphql, body.getValue(), null, timeout);
            tally.add(answer, "graphql " + answer.status());
            report.figure("graphql-api, %s: %d in %.1f ms", body.getKey(), answer.status(), answer.nanos() / 1e6);
        }
        String deepObject = "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000);
        String deepField = "{\"email\":" + "[".repeat(1000) + "\"x\"" + "]".repeat(1000) + ",\"password\":\"p\"}";
        for (String body : List.of(deepObject, deepField)) {
            Http.Answer login = http.post(stack.url("identity-service") + "/auth/login", body, null, timeout);
            tally.add(login, "identity " + login.status());
            Http.Answer settings = http.send("PUT", stack.url("chat-service") + "/rooms/lobby/settings",
                    "application/json", body.getBytes(StandardCharsets.UTF_8), admin, timeout);
            tally.add(settings, "chat " + settings.status());
            Http.Answer media = http.send("POST", stack.url("media-service") + "/media", "application/json",
                    body.getBytes(StandardCharsets.UTF_8), artist, timeout);
            tally.add(media, "media " + media.status());
        }
        tally.print(report);
    }

    private static void ranges(Http http, DrillStack stack, String artist, int count, Duration timeout,
                               Report report) throws Exception {
        Path tone = Path.of(System.getProperty("encore.root", ".")).resolve("media-service/src/test/resources/audio/tone.mp3");
        Http.Answer uploaded = http.send("POST", stack.url("media-service") + "/media", "audio/mpeg",
                Files.readAllBytes(tone), artist, Duration.ofSeconds(30));
        if (uploaded.status() != 201) {
            report.figure("malformed Range: skipped, the upload of %s answered %d %s", tone, uploaded.status(),
                    uploaded.body());
            report.breachIf(uploaded.serverError(), "the media upload answered " + uploaded.status());
            return;
        }
        String stream = uploaded.json().getString("streamUrl");
        String path = URI.create(stream).getRawPath();
        String url = stack.url("media-service") + path;
        List<String> ranges = List.of("bytes=", "bytes=-", "bytes=abc", "bytes=5-2", "bytes=-0", "bytes=0-0,",
                "bytes=,,,", "items=0-1", "bytes=99999999999999999999-", "bytes=-99999999999999999999",
                "bytes=0-1,2-3,4-5,6-7,8-9,10-11,12-13,14-15,16-17,18-19,20-21", "bytes=0--1", "bytes 0-1",
                "bytes=0-1;2-3", "bytes=1e3-2e3", "bytes=0x10-0x20", "bytes=" + "0-1,".repeat(2000) + "0-1",
                "bytes=e-1", "bytes=" + "9".repeat(5000) + "-", "BYTES=0-1", "bytes = 0 - 1", "bytes=-1-2");
        Tally tally = new Tally(count + " malformed Range headers");
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int t = 0; t < 4; t++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        String range = ranges.get(i % ranges.size());
                        Http.Answer answer = http.send(java.net.http.HttpRequest.newBuilder(URI.create(url))
                                .timeout(timeout).header("Range", range).GET().build());
                        tally.add(answer, String.valueOf(answer.status()));
                    }
                });
            }
        }
        tally.print(report);
    }

    private static void roomIds(DrillStack stack, String token, Report report) {
        List<String> ids = List.of("a%00b", "a%01b", "a%0Ab", "a%0D%0Ab", "a%20b", "a%7F", "a%2Fb", "a%2F..%2Fb",
                "%2e%2e", "%2E", "x".repeat(65), "x".repeat(5000), "a%FFb", "a%C3%28", "a%C0%AF", "%E2%80%AEevil",
                "a%25b", "lobby?since=%00", "lobby?access_token=a%20b%00", "lobby?since=%FF");
        Tally tally = new Tally(ids.size() + " hostile room ids (WebSocket handshake and REST)");
        URI chat = URI.create(stack.url("chat-service"));
        Http http = new Http();
        for (String id : ids) {
            long start = System.nanoTime();
            String outcome = handshake(chat.getPort(), "/chat/" + id, token);
            int status = outcome.startsWith("101") ? 101 : outcome.matches("\\d{3}.*") ? Integer.parseInt(outcome.substring(0, 3)) : 0;
            tally.add(new Http.Answer(status, outcome, System.nanoTime() - start, null),
                    "ws " + (status == 101 ? outcome : String.valueOf(status)));
            if (!id.contains("?")) {
                Http.Answer rest = http.get(stack.url("chat-service") + "/rooms/" + id, Duration.ofSeconds(5));
                tally.add(rest, "rest " + rest.status());
            }
        }
        tally.print(report);
    }

    /** A WebSocket handshake on a raw socket: "101 close <code>" or the HTTP status line's code, "000" for none. */
    private static String handshake(int port, String target, String token) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return "000 closed";
                }
                head.write(b);
            }
            String status = head.toString(StandardCharsets.ISO_8859_1).substring(9, 12);
            if (!status.equals("101")) {
                return status;
            }
            int first = in.read();
            int length = in.read() & 0x7F;
            byte[] payload = in.readNBytes(length);
            if ((first & 0x0F) == 0x8 && length >= 2) {
                return "101 close " + (((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF));
            }
            return "101 open";
        } catch (IOException e) {
            return "000 " + e.getClass().getSimpleName();
        }
    }

    private static void introspection(Http http, String graphql, Duration timeout, Report report) {
        Tally tally = new Tally("introspection abuse");
        String ofType = "name";
        for (int i = 0; i < 9; i++) {
            ofType = "ofType { " + ofType + " }";
        }
        StringBuilder aliases = new StringBuilder("{");
        for (int i = 0; i < 30; i++) {
            aliases.append(" s").append(i).append(": __schema { types { name fields { name type { name } } } }");
        }
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("9-deep ofType", "{ __schema { types { fields { type { " + ofType + " } } } } }");
        documents.put("30 aliases of __schema", aliases.append(" }").toString());
        documents.put("1,000 aliases of __typename", "{" + aliasesOf(1000) + " }");
        documents.put("200-deep selection", "{ __schema { " + "types { fields { type { ".repeat(66) + "name"
                + " } } }".repeat(66) + " } }");
        for (Map.Entry<String, String> document : documents.entrySet()) {
            Http.Answer answer = http.graphql(graphql, document.getValue(), null, null, timeout);
            String code = errorCode(answer);
            tally.add(answer, code);
            report.figure("%s: %d %s in %.1f ms", document.getKey(), answer.status(), code, answer.nanos() / 1e6);
        }
        tally.print(report);
    }

    private static String aliasesOf(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(" a").append(i).append(": __typename");
        }
        return out.toString();
    }

    private static void fragmentBombs(Http http, String graphql, int[] levels, Duration timeout, Report report) {
        Tally tally = new Tally("fragment bombs");
        Latencies refused = new Latencies();
        for (int level : levels) {
            Http.Answer answer = http.graphql(graphql, fragmentBomb(level), null, null, timeout);
            String code = errorCode(answer);
            tally.add(answer, code);
            report.figure("fragment bomb, %d levels (%d bytes): %s in %.1f ms", level, fragmentBomb(level).length(),
                    answer.noAnswer() ? "no answer" : answer.status() + " " + code, answer.nanos() / 1e6);
            if (!answer.noAnswer()) {
                refused.add(answer.nanos());
            }
            report.targetIf(answer.noAnswer() || answer.nanos() > 100_000_000L,
                    String.format(java.util.Locale.ROOT, "a %d-level fragment bomb took %s (target: a limit error "
                            + "within 100 ms)", level, answer.noAnswer() ? "over " + timeout.toSeconds() + " s"
                            : String.format(java.util.Locale.ROOT, "%.0f ms", answer.nanos() / 1e6)));
        }
        tally.print(report);
    }

    /** Each fragment spreads the one before it twice: 2^levels selections once expanded, a kilobyte or two as text. */
    static String fragmentBomb(int levels) {
        StringBuilder document = new StringBuilder("query Bomb { ...F").append(levels).append(" }\n");
        document.append("fragment F0 on Query { __typename }\n");
        for (int i = 1; i <= levels; i++) {
            document.append("fragment F").append(i).append(" on Query { ...F").append(i - 1).append(" ...F")
                    .append(i - 1).append(" }\n");
        }
        return document.toString();
    }

    /** The first error's {@code extensions.code}, "data" for an answer without errors, the status otherwise. */
    private static String errorCode(Http.Answer answer) {
        if (answer.noAnswer()) {
            return "no answer";
        }
        JsonObject json = answer.json();
        if (json.containsKey("errors") && json.get("errors").getValueType() == JsonValue.ValueType.ARRAY
            && !json.getJsonArray("errors").isEmpty()) {
            JsonObject error = json.getJsonArray("errors").getJsonObject(0);
            JsonObject extensions = error.getJsonObject("extensions");
            return extensions != null && extensions.containsKey("code") ? extensions.getString("code") : "error";
        }
        return json.containsKey("data") ? "data" : String.valueOf(answer.status());
    }
}
