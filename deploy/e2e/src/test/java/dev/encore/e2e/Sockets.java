package dev.encore.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** WebSocket checks with the JDK's own client, as any client would connect. */
final class Sockets {

    record Closed(int code, String reason) {
    }

    private Sockets() {
    }

    /** Connects and waits for the server to close the socket; a refused handshake counts as close code -1. */
    static Closed awaitClose(HttpClient client, String url) {
        CompletableFuture<Closed> closed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                closed.complete(new Closed(code, reason));
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                closed.complete(new Closed(-1, String.valueOf(error)));
            }
        };
        try {
            client.newWebSocketBuilder().buildAsync(URI.create(url), listener)
                    .exceptionally(error -> {
                        closed.complete(new Closed(-1, "handshake refused: " + error.getMessage()));
                        return null;
                    });
            return closed.get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(url + ": no close within 15 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
