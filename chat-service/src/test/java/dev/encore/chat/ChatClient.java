package dev.encore.chat;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** A real WebSocket client (the JDK's) that collects frames, for tests and the load tool. */
public final class ChatClient implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<int[]> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private final boolean autoRead;
    private WebSocket socket;

    private ChatClient(boolean autoRead) {
        this.autoRead = autoRead;
    }

    public static ChatClient connect(int port, String roomId, String token, String query) {
        return connect("ws://127.0.0.1:" + port + "/chat/" + roomId + "?access_token=" + token
                + (query == null ? "" : "&" + query), null, true);
    }

    /** {@code autoRead=false}: the client never asks for frames, like a client on a stalled network. */
    public static ChatClient connect(String url, String authorization, boolean autoRead) {
        ChatClient client = new ChatClient(autoRead);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        client.socket = builder.buildAsync(URI.create(url), client).join();
        return client;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (autoRead) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(Json.createReader(new StringReader(partial.toString())).readObject());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode.complete(new int[] {statusCode});
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeReason = String.valueOf(error);
        closeCode.complete(new int[] {-1});
    }

    public void send(String json) {
        socket.sendText(json, true).join();
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
    }

    public void sendMessage(String text, String clientId) {
        send(Json.createObjectBuilder().add("type", "message").add("text", text).add("clientId", clientId).build()
                .toString());
    }

    /** The next frame of this type (frames of other types before it are dropped); fails after the timeout. */
    public JsonObject next(String type) {
        return next(f -> type.equals(f.getString("type")), Duration.ofSeconds(10));
    }

    public JsonObject next(Predicate<JsonObject> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonObject frame = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
                if (frame == null) {
                    throw new AssertionError("no matching frame within " + timeout + "; closed=" + closeCode.getNow(null));
                }
                if (match.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Frames of this type received within {@code quiet}, without waiting for more. */
    public List<JsonObject> drain(String type, Duration quiet) {
        List<JsonObject> out = new ArrayList<>();
        try {
            JsonObject frame;
            while ((frame = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                if (type.equals(frame.getString("type"))) {
                    out.add(frame);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** The close code the server sent, waiting up to the timeout; -1 on a transport error. */
    public int closeCode(Duration timeout) {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS)[0];
        } catch (Exception e) {
            throw new AssertionError("not closed within " + timeout, e);
        }
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }
}
