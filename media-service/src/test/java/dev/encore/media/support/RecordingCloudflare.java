package dev.encore.media.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Cloudflare's API on a loopback port: records every request and answers with scripted statuses
 * (200 with {@code {"success":true}} once the script runs out).
 */
public final class RecordingCloudflare implements AutoCloseable {

    public record Call(String method, String path, String authorization, String contentType, String body) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();

    public RecordingCloudflare() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                               exchange.getRequestHeaders().getFirst("Authorization"),
                               exchange.getRequestHeaders().getFirst("Content-Type"), body));
            Integer scripted = script.poll();
            int status = scripted == null ? 200 : scripted;
            byte[] answer = (status == 200 ? "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"id\":\"x\"}}"
                    : "{\"success\":false,\"errors\":[{\"code\":" + status + "}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (status == 429) {
                exchange.getResponseHeaders().add("Retry-After", "0");
            }
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    public String apiBase() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/client/v4";
    }

    /** The next requests get these statuses, in order. */
    public void answerNext(Integer... statuses) {
        script.addAll(List.of(statuses));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public void reset() {
        calls.clear();
        script.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
