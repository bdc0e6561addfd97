package dev.encore.drills;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N chat clients in one room, spread round-robin over the chat replicas, sending M messages each at a fixed total
 * rate, with the bookkeeping of chat-service's {@code LoadClient} benchmark (every receiver checks that it gets every
 * other client's message once and in id order) plus what a real client does per the chat README: on
 * {@code UNAVAILABLE} (or {@code RATE_LIMITED}/{@code SLOW_MODE}) wait {@code retryAfterMs} and resend the same
 * {@code clientId}, at most {@link #MAX_RESENDS} times.
 */
final class ChatLoad {

    static final int MAX_RESENDS = 30;

    private final int clients;
    private final int messages;
    private final Client[] all;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong resends = new AtomicLong();
    private final AtomicInteger pendingResends = new AtomicInteger();
    private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    private final Latencies latencies = new Latencies();
    private final long[] firstSent;
    private final ScheduledExecutorService resender = Executors.newSingleThreadScheduledExecutor();

    ChatLoad(List<String> replicas, List<String> tokens, int messages) {
        this.clients = tokens.size();
        this.messages = messages;
        this.all = new Client[clients];
        this.firstSent = new long[clients * messages];
        String room = "drill-" + Long.toString(System.currentTimeMillis(), 36);
        HttpClient http = HttpClient.newHttpClient();
        for (int c = 0; c < clients; c++) {
            String base = replicas.get(c % replicas.size()).replace("http://", "ws://");
            all[c] = new Client(c);
            all[c].socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(base + "/chat/" + room + "?access_token=" + tokens.get(c)), all[c])
                    .orTimeout(30, TimeUnit.SECONDS).join();
        }
        for (Client client : all) {
            try {
                if (!client.history.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("client " + client.index + " got no history frame");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    long expected() {
        return (long) clients * messages * (clients - 1);
    }

    /** Sends every message at {@code rate} per second in total; returns when the last one is sent. */
    void send(double rate) throws InterruptedException {
        long start = System.nanoTime();
        int total = clients * messages;
        for (int i = 0; i < total; i++) {
            long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int sender = i % clients;
            int n = i / clients;
            firstSent[sender * messages + n] = System.nanoTime();
            all[sender].send(n);
        }
    }

    /** Waits until every delivery arrived and no resend is pending, or {@code patience} ran out. */
    void await(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while ((delivered.get() < expected() || pendingResends.get() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1000); // late duplicates would show up now
    }

    void report(Report report) {
        long duplicates = 0;
        long outOfOrder = 0;
        for (Client client : all) {
            synchronized (client) {
                duplicates += client.duplicates;
                outOfOrder += client.outOfOrder;
            }
        }
        long lost = expected() - delivered.get();
        report.figure("%d clients, %d messages each: %d of %d deliveries; lost %d, duplicated %d, reordered %d",
                clients, messages, delivered.get(), expected(), lost, duplicates, outOfOrder);
        report.figure("error frames to senders: %s; resends %d (%d still pending)",
                errors.isEmpty() ? "none" : new java.util.TreeMap<>(errors), resends.get(), pendingResends.get());
        report.figure("first send to receipt: %s", latencies.summary());
        report.breachIf(lost > 0, lost + " chat deliveries lost");
        report.breachIf(duplicates > 0, duplicates + " chat deliveries duplicated");
        report.breachIf(outOfOrder > 0, outOfOrder + " chat deliveries out of order");
    }

    void close() {
        resender.shutdownNow();
        for (Client client : all) {
            client.socket.abort();
        }
    }

    private final class Client implements WebSocket.Listener {
        final int index;
        final CountDownLatch history = new CountDownLatch(1);
        final boolean[] seen = new boolean[clients * messages];
        final int[] attempts = new int[messages];
        final StringBuilder partial = new StringBuilder();
        String lastId = "";
        long duplicates;
        long outOfOrder;
        WebSocket socket;

        Client(int index) {
            this.index = index;
        }

        synchronized void send(int n) {
            // One frame at a time per socket: the JDK client refuses a send while the previous one is in flight.
            socket.sendText("{\"type\":\"message\",\"text\":\"drill\",\"clientId\":\"c" + index + "-" + n + "\"}", true)
                    .orTimeout(10, TimeUnit.SECONDS).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frame(partial.toString(), System.nanoTime());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void frame(String frame, long now) {
            if (frame.startsWith("{\"type\":\"history\"")) {
                history.countDown();
            } else if (frame.startsWith("{\"type\":\"message\",\"id\":\"")) {
                message(frame, now);
            } else if (frame.startsWith("{\"type\":\"error\"")) {
                error(frame);
            }
        }

        private synchronized void message(String frame, long now) {
            String id = field(frame, "\"id\":\"");
            String clientId = field(frame, "\"clientId\":\"");
            int dash = clientId.indexOf('-');
            int sender = Integer.parseInt(clientId.substring(1, dash));
            int n = Integer.parseInt(clientId.substring(dash + 1));
            if (id.compareTo(lastId) <= 0) {
                outOfOrder++;
            }
            lastId = id.compareTo(lastId) > 0 ? id : lastId;
            int slot = sender * messages + n;
            if (seen[slot]) {
                duplicates++;
                return;
            }
            seen[slot] = true;
            if (sender != index) {
                delivered.incrementAndGet();
                latencies.add(now - firstSent[slot]);
            }
        }

        private void error(String frame) {
            String code = field(frame, "\"code\":\"");
            errors.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
            if (!frame.contains("\"clientId\":\"") || !List.of("UNAVAILABLE", "RATE_LIMITED", "SLOW_MODE").contains(code)) {
                return;
            }
            String clientId = field(frame, "\"clientId\":\"");
            int n = Integer.parseInt(clientId.substring(clientId.indexOf('-') + 1));
            long retryAfter = frame.contains("\"retryAfterMs\":") ? number(frame, "\"retryAfterMs\":") : 1000;
            synchronized (this) {
                if (++attempts[n] > MAX_RESENDS) {
                    return;
                }
            }
            pendingResends.incrementAndGet();
            resender.schedule(() -> {
                try {
                    resends.incrementAndGet();
                    send(n);
                } catch (RuntimeException e) {
                    errors.computeIfAbsent("resend failed", c -> new AtomicInteger()).incrementAndGet();
                } finally {
                    pendingResends.decrementAndGet();
                }
            }, retryAfter, TimeUnit.MILLISECONDS);
        }
    }

    private static String field(String frame, String key) {
        int start = frame.indexOf(key) + key.length();
        return frame.substring(start, frame.indexOf('"', start));
    }

    private static long number(String frame, String key) {
        int start = frame.indexOf(key) + key.length();
        int end = start;
        while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
            end++;
        }
        return Long.parseLong(frame.substring(start, end));
    }
}
