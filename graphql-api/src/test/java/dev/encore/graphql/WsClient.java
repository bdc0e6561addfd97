package dev.encore.graphql;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** A GraphQL WebSocket client on the JDK's {@link WebSocket}: sends protocol messages, queues what arrives. */
public final class WsClient implements AutoCloseable {

    private final LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;
    private volatile String closeReason;

    private WsClient(URI httpBase, String subprotocol) {
        URI uri = URI.create(httpBase.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/graphql");
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5));
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        socket = builder.buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received.add(Json.createReader(new StringReader(text.toString())).readObject());
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closeReason = reason;
                closeCode.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closeCode.completeExceptionally(error);
            }
        }).join();
    }

    public static WsClient connect(URI httpBase, String subprotocol) {
        return new WsClient(httpBase, subprotocol);
    }

    /** Connects with graphql-transport-ws and completes {@code connection_init} with this token (null: anonymous). */
    public static WsClient initialized(URI httpBase, String token) {
        WsClient client = connect(httpBase, "graphql-transport-ws");
        client.init(token);
        JsonObject ack = client.next();
        if (!"connection_ack".equals(ack.getString("type"))) {
            throw new AssertionError("Expected connection_ack, got " + ack);
        }
        return client;
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void init(String token) {
        var payload = Json.createObjectBuilder();
        if (token != null) {
            payload.add("Authorization", "Bearer " + token);
        }
        send(Json.createObjectBuilder().add("type", "connection_init").add("payload", payload).build().toString());
    }

    public void subscribe(String id, String query, JsonObject variables) {
        var payload = Json.createObjectBuilder().add("query", query);
        if (variables != null) {
            payload.add("variables", variables);
        }
        send(Json.createObjectBuilder().add("id", id).add("type", "subscribe").add("payload", payload).build()
                .toString());
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
    }

    /** The close reason the server sent (after {@link #closeCode()}). */
    public String closeReason() {
        closeCode();
        return closeReason;
    }

    /** The next message, waiting up to 10 s. */
    public JsonObject next() {
        return next(Duration.ofSeconds(10));
    }

    public JsonObject next(Duration patience) {
        try {
            JsonObject message = received.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("No message within " + patience);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next message if one arrives within {@code patience}, else null. */
    public JsonObject poll(Duration patience) {
        try {
            return received.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The close code the server sent, waiting up to 10 s. */
    public int closeCode() {
        try {
            return closeCode.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("The server did not close the socket: " + e);
        }
    }

    /** Drops the connection without a close frame, as a killed client or a lost network would. */
    public void vanish() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        socket.abort();
    }
}
