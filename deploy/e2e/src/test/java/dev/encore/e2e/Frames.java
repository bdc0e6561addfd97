package dev.encore.e2e;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * A WebSocket whose JSON text frames are collected with their arrival time, for a test to wait on. Used for chat
 * rooms and, through {@link GraphqlWs}, for GraphQL subscriptions.
 */
class Frames implements WebSocket.Listener, AutoCloseable {

    record Frame(JsonObject json, long receivedAtMillis) {
    }

    private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final List<Frame> seen = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    protected WebSocket socket;
    private final String name;

    Frames(String name) {
        this.name = name;
    }

    static Frames open(HttpClient client, String name, String url, String... subprotocols) {
        Frames frames = new Frames(name);
        frames.connect(client, url, subprotocols);
        return frames;
    }

    void connect(HttpClient client, String url, String... subprotocols) {
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        socket = builder.buildAsync(URI.create(url), this).orTimeout(15, TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try (var reader = Json.createReader(new StringReader(partial.toString()))) {
                Frame frame = new Frame(reader.readObject(), System.currentTimeMillis());
                onFrame(frame.json());
                frames.add(frame);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    /** Hook for protocol-level replies (ping/pong) before the frame is queued. */
    protected void onFrame(JsonObject frame) {
    }

    void send(JsonObject frame) {
        socket.sendText(frame.toString(), true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The next frame (in arrival order, skipping none already taken) that matches, or an error with what came. */
    Frame await(String what, Predicate<JsonObject> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Frame frame;
            try {
                frame = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (frame == null) {
                throw new AssertionError(name + ": no " + what + " within " + timeout + "; frames so far: "
                                         + seen.stream().map(f -> f.json().toString()).toList());
            }
            seen.add(frame);
            if (matches.test(frame.json())) {
                return frame;
            }
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}
