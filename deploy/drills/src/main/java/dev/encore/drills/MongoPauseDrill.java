package dev.encore.drills;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * MongoDB freezes during writes: writers create playlists (one GraphQL mutation each, a unique name each, no retry)
 * before, during and after a SIGSTOP of the MongoDB process. Afterwards every acknowledged playlist must be there, and
 * no name twice: an acknowledged write is never lost, and none is applied twice.
 */
final class MongoPauseDrill implements Drill {

    private static final String CREATE = "mutation($in: PlaylistInput!) { createPlaylist(input: $in) { id name } }";
    private static final int MAX_WRITES = 3000;

    @Override
    public String name() {
        return "mongo";
    }

    @Override
    public String summary() {
        return "MongoDB paused (SIGSTOP) during GraphQL writes: acknowledged writes lost or applied twice, readiness";
    }

    @Override
    public void run(DrillStack stack, Settings settings, Report report) throws Exception {
        Http http = new Http();
        String graphql = stack.url("graphql-api") + "/graphql";
        String token = new Accounts(http, stack.url("identity-service")).newListeners("writer", 1).getFirst();
        int writers = 4;
        Duration phase = Duration.ofSeconds(settings.pick(3, 2));
        Duration pause = Duration.ofSeconds(settings.pick(5, 3));
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        Set<String> attempted = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger serverErrors = new AtomicInteger();
        AtomicInteger noAnswer = new AtomicInteger();
        AtomicInteger written = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Latencies times = new Latencies();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().name("playlist-writer-" + w).start(() -> {
                for (int n = 0; running.get() && written.incrementAndGet() <= MAX_WRITES; n++) {
                    String name = "drill w" + writer + " #" + n;
                    attempted.add(name);
                    Http.Answer answer = http.graphql(graphql, CREATE, "{\"in\":{\"name\":" + Http.quote(name) + "}}",
                            token, Duration.ofSeconds(30));
                    times.add(answer.nanos());
                    String id = createdId(answer);
                    if (id != null) {
                        acknowledged.put(id, name);
                    } else {
                        failed.incrementAndGet();
                        if (answer.serverError()) {
                            serverErrors.incrementAndGet();
                        } else if (answer.noAnswer()) {
                            noAnswer.incrementAndGet();
                        }
                    }
                }
            }));
        }
        Readiness readiness;
        try {
            Thread.sleep(phase.toMillis());
            readiness = new Readiness(http, stack.allInstances());
            try (Pause frozen = Pause.of(stack.mongo())) {
                Thread.sleep(pause.toMillis());
            } finally {
                readiness.close();
            }
            Thread.sleep(phase.toMillis());
        } finally {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(40_000);
            }
        }
        Stored stored = stored(http, graphql, token);
        long lost = acknowledged.keySet().stream().filter(id -> !stored.ids().contains(id)).count();
        long twice = stored.names().values().stream().filter(count -> count > 1).count();
        long unacknowledgedButStored = stored.names().keySet().stream()
                .filter(name -> !acknowledged.containsValue(name)).count();
        report.figure("%d writers, %d s before, MongoDB paused %d s, %d s after: %d writes, %d acknowledged, %d failed "
                + "(%d 5xx, %d no answer within 30 s)", writers, phase.toSeconds(), pause.toSeconds(), phase.toSeconds(),
                attempted.size(), acknowledged.size(), failed.get(), serverErrors.get(), noAnswer.get());
        report.figure("write time: %s", times.summary());
        report.figure("acknowledged but lost %d; applied twice %d; failed to the client but stored %d", lost, twice,
                unacknowledgedButStored);
        int unready = readiness.report(report, "the MongoDB pause");
        report.breachIf(lost > 0, lost + " acknowledged writes lost");
        report.breachIf(twice > 0, twice + " writes applied twice");
        report.breachIf(serverErrors.get() > 0, serverErrors.get() + " writes answered 5xx");
        report.targetIf(unready > 0, unready + " instance(s) went unready during a short MongoDB stall");
    }

    /** The writer's playlists as read back: ids, and each name with how often it occurs. */
    private record Stored(Set<String> ids, Map<String, Integer> names) { }

    private static String createdId(Http.Answer answer) {
        if (answer.status() != 200) {
            return null;
        }
        JsonObject json = answer.json();
        JsonValue data = json.get("data");
        if (json.containsKey("errors") || !(data instanceof JsonObject object)
            || !(object.get("createPlaylist") instanceof JsonObject created)) {
            return null;
        }
        return created.getString("id");
    }

    private static Stored stored(Http http, String graphql, String token) {
        Map<String, Integer> names = new HashMap<>();
        Set<String> ids = new java.util.HashSet<>();
        String after = null;
        for (int page = 0; page < 100; page++) {
            String variables = after == null ? "{}" : "{\"after\":" + Http.quote(after) + "}";
            Http.Answer answer = http.graphql(graphql, "query($after: String) { myPlaylists(first: 100, after: $after) "
                    + "{ edges { node { id name } } pageInfo { hasNextPage endCursor } } }", variables, token,
                    Duration.ofSeconds(30));
            JsonObject playlists;
            try {
                playlists = answer.json().getJsonObject("data").getJsonObject("myPlaylists");
            } catch (RuntimeException e) {
                throw new IllegalStateException("could not read the playlists back: " + answer.status() + " "
                        + answer.body(), e);
            }
            for (JsonValue edge : playlists.getJsonArray("edges")) {
                JsonObject node = edge.asJsonObject().getJsonObject("node");
                names.merge(node.getString("name"), 1, Integer::sum);
                ids.add(node.getString("id"));
            }
            JsonObject pageInfo = playlists.getJsonObject("pageInfo");
            if (!pageInfo.getBoolean("hasNextPage")) {
                break;
            }
            after = pageInfo.getString("endCursor");
        }
        return new Stored(ids, names);
    }
}
