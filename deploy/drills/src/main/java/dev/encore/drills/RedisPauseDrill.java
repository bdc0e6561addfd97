package dev.encore.drills;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The shared cache freezes under read load: concurrent clients query {@code song(id)} (known ids, and one in four an
 * unknown id, which misses the cache every time) before, during and after Redis is SIGSTOPped, while every instance's
 * readiness is sampled. Redis costs speed, never data: no query may fail, and no replica should leave service.
 */
final class RedisPauseDrill implements Drill {

    private static final String QUERY = "query($id: ID!) { song(id: $id) { id title } }";

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String summary() {
        return "Redis paused (SIGSTOP) under GraphQL song(id) load: failed queries, p99 before/during, readiness";
    }

    private enum Phase { WARMUP, BEFORE, DURING, AFTER }

    @Override
    public void run(DrillStack stack, Settings settings, Report report) throws Exception {
        Http http = new Http();
        String graphql = stack.url("graphql-api") + "/graphql";
        List<String> ids = songIds(http, graphql);
        int workers = 8;
        Duration phase = Duration.ofSeconds(settings.pick(5, 3));
        Duration pause = Duration.ofSeconds(settings.pick(10, 5));
        report.figure("%d clients, %d known song ids and unknown ones; %d s warm-up, %d s before, Redis paused %d s, "
                + "%d s after", workers, ids.size(), phase.toSeconds(), phase.toSeconds(), pause.toSeconds(),
                phase.toSeconds());
        AtomicReference<Phase> now = new AtomicReference<>(Phase.WARMUP);
        Latencies[][] times = new Latencies[Phase.values().length][2];
        AtomicInteger[] failed = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        AtomicInteger serverErrors = new AtomicInteger();
        for (Latencies[] row : times) {
            row[0] = new Latencies();
            row[1] = new Latencies();
        }
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Boolean> running = new AtomicReference<>(true);
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofPlatform().name("song-reader-" + w).start(() -> {
                while (running.get()) {
                    boolean unknown = ThreadLocalRandom.current().nextInt(4) == 0;
                    String id = unknown ? unknownLike(ids.get(0)) : ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                    Phase at = now.get();
                    Http.Answer answer = http.graphql(graphql, QUERY, "{\"id\":\"" + id + "\"}", null,
                            Duration.ofSeconds(10));
                    times[at.ordinal()][unknown ? 1 : 0].add(answer.nanos());
                    if (answer.serverError()) {
                        serverErrors.incrementAndGet();
                    }
                    if (!answered(answer, unknown)) {
                        failed[at.ordinal()].incrementAndGet();
                    }
                }
            }));
        }
        Readiness readiness;
        try {
            // The JIT and the cache warm up first: "before" is the steady state, not the first seconds after start.
            Thread.sleep(phase.toMillis());
            now.set(Phase.BEFORE);
            Thread.sleep(phase.toMillis());
            now.set(Phase.DURING);
            readiness = new Readiness(http, stack.allInstances());
            try (Pause frozen = Pause.of(stack.redis())) {
                Thread.sleep(pause.toMillis());
            } finally {
                readiness.close();
            }
            now.set(Phase.AFTER);
            Thread.sleep(phase.toMillis());
        } finally {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(15_000);
            }
        }
        for (Phase p : Phase.values()) {
            report.figure("%-6s known ids: %s; unknown ids: %s; failed %d", p.name().toLowerCase(),
                    times[p.ordinal()][0].summary(), times[p.ordinal()][1].summary(), failed[p.ordinal()].get());
        }
        int unready = readiness.report(report, "the Redis pause");
        int failures = failed[0].get() + failed[1].get() + failed[2].get() + failed[3].get();
        report.breachIf(serverErrors.get() > 0, serverErrors.get() + " GraphQL answers were 5xx");
        report.targetIf(failures > 0, failures + " song(id) queries failed (target: 0)");
        report.targetIf(unready > 0, unready + " instance(s) went unready while Redis was paused (target: UP throughout)");
        double before = times[Phase.BEFORE.ordinal()][1].percentileMillis(99);
        double during = times[Phase.DURING.ordinal()][1].percentileMillis(99);
        report.targetIf(during > 2 * Math.max(before, 1),
                String.format(java.util.Locale.ROOT, "unknown-id p99 %.1f ms during the pause, over twice the %.1f ms before",
                        during, before));
    }

    /** A known id answers its song, an unknown one null; both without errors. */
    private static boolean answered(Http.Answer answer, boolean unknown) {
        if (answer.status() != 200) {
            return false;
        }
        JsonObject json = answer.json();
        if (json.containsKey("errors") || !json.containsKey("data")) {
            return false;
        }
        JsonValue song = json.getJsonObject("data").get("song");
        return unknown ? song == JsonValue.NULL : song instanceof JsonObject;
    }

    private static List<String> songIds(Http http, String graphql) {
        Http.Answer answer = http.graphql(graphql, "{ songs(first: 50) { edges { node { id } } } }", null, null,
                Duration.ofSeconds(30));
        List<String> ids = new ArrayList<>();
        try {
            for (JsonValue edge : answer.json().getJsonObject("data").getJsonObject("songs").getJsonArray("edges")) {
                ids.add(edge.asJsonObject().getJsonObject("node").getString("id"));
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not list songs: " + answer.status() + " " + answer.body(), e);
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("the catalog has no songs (is the local profile's demo seed on?)");
        }
        return ids;
    }

    /** An id of the same shape as the catalog's (an ObjectId or a UUID) that names nothing. */
    static String unknownLike(String known) {
        if (known.matches("[0-9a-f]{24}")) {
            return String.format("ffffffff%016x", ThreadLocalRandom.current().nextLong());
        }
        if (known.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            return java.util.UUID.randomUUID().toString();
        }
        return known + "-missing-" + ThreadLocalRandom.current().nextInt(1_000_000);
    }
}
