package dev.encore.graphql;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A stand-in for media-service's {@code GET /media/{id}} on a free port, pointed at by {@code media.base-url}.
 * Knows one media id, {@value #KNOWN_MEDIA}; every other id is a 404, as for media that does not exist. Declare it
 * above {@code @HelidonTest} so the address is configured before CDI boots.
 */
public class MediaServiceStub implements BeforeAllCallback {

    public static final String KNOWN_MEDIA = "media-42";
    public static final String STREAM_URL = "https://cdn.example.test/stream/0f1e2d.mp3?verify=1700000000-abc%3D";
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static HttpServer server;

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/media/", exchange -> {
                REQUESTS.incrementAndGet();
                String id = exchange.getRequestURI().getPath().substring("/media/".length());
                boolean known = KNOWN_MEDIA.equals(id);
                byte[] body = (known
                        ? "{\"id\":\"" + id + "\",\"contentType\":\"audio/mpeg\",\"streamUrl\":\"" + STREAM_URL + "\"}"
                        : "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", known ? "application/json" : "application/problem+json");
                exchange.sendResponseHeaders(known ? 200 : 404, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }
        System.setProperty("media.base-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many lookups reached the stub so far. */
    public static int requests() {
        return REQUESTS.get();
    }
}
