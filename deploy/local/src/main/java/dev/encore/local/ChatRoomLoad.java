package dev.encore.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * rate, and the bookkeeping of both chat-service's {@code LoadClient} benchmark and the drills' chat load: every
 * receiver checks that it gets every other client's message once and in id order, and the time from the first send
 * of a message to its receipt at each other client. With {@code maxResends > 0} the senders also do what a real client
 * does per the chat README: on {@code UNAVAILABLE} (or {@code RATE_LIMITED}/{@code SLOW_MODE}) wait
 * {@code retryAfterMs} and resend the same {@code clientId}, at most that many times; error frames are counted either
 * way. Loopback only, bounded by its counts and by {@link #await}'s patience.
 */
public final class ChatRoomLoad implements AutoCloseable {

    private static final List<String> RESENT_CODES = List.of("UNAVAILABLE", "RATE_LIMITED", "SLOW_MODE");

    /**
     * How the clients reach the room. {@code CHAT}: chat-service's {@code /chat/{room}}. The others are the benchmark's
     * peers (chat-service/bench/peers), which answer in chat-service's frame shape: {@code WS} a bare WebSocket
     * broadcast server at {@code /}, {@code SOCKET_IO} Socket.IO 4 over its WebSocket transport (Engine.IO packets:
     * open {@code 0}, connect {@code 40}, event {@code 42["m",<frame>]}, ping {@code 2} answered by pong {@code 3}).
     */
    public enum Protocol { CHAT, WS, SOCKET_IO }

    private static final String EVENT = "42[\"m\",";

    private final int clients;
    private final int messages;
    private final int maxResends;
    private final Protocol protocol;
    private final Client[] all;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong resends = new AtomicLong();
    private final AtomicInteger pendingResends = new AtomicInteger();
    private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    private final long[] firstSent;
    private final long[] latencies;
    private final AtomicInteger latencyCount = new AtomicInteger();
    private final ScheduledExecutorService resender = Executors.newSingleThreadScheduledExecutor();

    /** What one load run saw. Latencies are sorted, in nanoseconds. */
    public record Result(int clients, int messages, long expected, long delivered, long duplicates, long outOfOrder,
                         Map<String, Integer> errors, long resends, int pendingResends, long[] latencies) {

        public long lost() {
            return expected - delivered;
        }

        /** The nearest-rank percentile of the send-to-receipt times, in milliseconds (0 when there are none). */
        public double percentileMillis(double p) {
            if (latencies.length == 0) {
                return 0;
            }
            int index = Math.max(0, (int) Math.ceil(latencies.length * p / 100.0) - 1);
            return latencies[Math.min(latencies.length - 1, index)] / 1e6;
        }
    }

    /**
     * Opens one socket per token (as its client) in a new room, on {@code replicas} ({@code http://} or {@code ws://}
     * base URLs) in turn, and waits for each one's history frame.
     */
    public ChatRoomLoad(List<String> replicas, List<String> tokens, int messages, int maxResends) {
        this(Protocol.CHAT, replicas, tokens, messages, maxResends);
    }

    /** As above, speaking {@code protocol}; {@code tokens} only count the clients for the peers. */
    public ChatRoomLoad(Protocol protocol, List<String> replicas, List<String> tokens, int messages, int maxResends) {
        this.protocol = protocol;
        this.clients = tokens.size();
        this.messages = messages;
        this.maxResends = maxResends;
        this.all = new Client[clients];
        this.firstSent = new long[clients * messages];
        this.latencies = new long[clients * messages * Math.max(0, clients - 1)];
        String room = "load-" + Long.toString(System.currentTimeMillis(), 36);
        HttpClient http = HttpClient.newHttpClient();
        for (int c = 0; c < clients; c++) {
            String base = replicas.get(c % replicas.size()).replace("http://", "ws://");
            all[c] = new Client(c);
            all[c].socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(switch (protocol) {
                        case CHAT -> base + "/chat/" + room + "?access_token=" + tokens.get(c);
                        case WS -> base + "/" + room;
                        case SOCKET_IO -> base + "/socket.io/?EIO=4&transport=websocket";
                    }), all[c])
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

    /** Every client's message reaches every other client once. */
    public long expected() {
        return (long) clients * messages * (clients - 1);
    }

    public long delivered() {
        return delivered.get();
    }

    /** Sends every message at {@code rate} per second in total, round-robin over the clients; returns after the last. */
    public void send(double rate) throws InterruptedException {
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
    public void await(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while ((delivered.get() < expected() || pendingResends.get() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** The counts so far; call after {@link #await} (and a pause, for late duplicates to show up). */
    public Result result() {
        long duplicates = 0;
        long outOfOrder = 0;
        for (Client client : all) {
            synchronized (client) {
                duplicates += client.duplicates;
                outOfOrder += client.outOfOrder;
            }
        }
        long[] sorted;
        synchronized (latencies) {
            sorted = Arrays.copyOf(latencies, latencyCount.get());
        }
        Arrays.sort(sorted);
        Map<String, Integer> errorCounts = new TreeMap<>();
        errors.forEach((code, count) -> errorCounts.put(code, count.get()));
        return new Result(clients, messages, expected(), delivered.get(), duplicates, outOfOrder, errorCounts,
                resends.get(), pendingResends.get(), sorted);
    }

    @Override
    public void close() {
        resender.shutdownNow();
        for (Client client : all) {
            if (client != null && client.socket != null) {
                client.socket.abort();
            }
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
            String frame = "{\"type\":\"message\",\"text\":\"load\",\"clientId\":\"c" + index + "-" + n + "\"}";
            socket.sendText(protocol == Protocol.SOCKET_IO ? EVENT + frame + "]" : frame, true)
                    .orTimeout(10, TimeUnit.SECONDS).join();
        }

        /** Engine.IO control packets; called on the listener's thread, one frame at a time like the sends. */
        private synchronized void control(WebSocket webSocket, String packet) {
            webSocket.sendText(packet, true).orTimeout(10, TimeUnit.SECONDS).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.nanoTime();
                String frame = partial.toString();
                partial.setLength(0);
                if (protocol != Protocol.SOCKET_IO) {
                    frame(frame, now);
                } else if (frame.startsWith(EVENT)) {
                    frame(frame.substring(EVENT.length(), frame.length() - 1), now);
                } else if (frame.startsWith("0")) {
                    control(webSocket, "40");
                } else if (frame.equals("2")) {
                    control(webSocket, "3");
                }
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
                synchronized (latencies) {
                    latencies[latencyCount.getAndIncrement()] = now - firstSent[slot];
                }
            }
        }

        private void error(String frame) {
            String code = field(frame, "\"code\":\"");
            errors.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
            if (maxResends == 0 || !frame.contains("\"clientId\":\"") || !RESENT_CODES.contains(code)) {
                return;
            }
            String clientId = field(frame, "\"clientId\":\"");
            int n = Integer.parseInt(clientId.substring(clientId.indexOf('-') + 1));
            long retryAfter = frame.contains("\"retryAfterMs\":") ? number(frame, "\"retryAfterMs\":") : 1000;
            synchronized (this) {
                if (++attempts[n] > maxResends) {
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
