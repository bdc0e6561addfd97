package dev.encore.drills;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** The drills' HTTP client: every call has a timeout and returns what happened, a timeout or error included. */
final class Http {

    /** One answer: {@code status} 0 when there was none within the timeout ({@code error} says why). */
    record Answer(int status, String body, long nanos, String error) {

        boolean serverError() {
            return status >= 500;
        }

        boolean noAnswer() {
            return status == 0;
        }

        JsonObject json() {
            try {
                return Json.createReader(new java.io.StringReader(body)).readObject();
            } catch (RuntimeException e) {
                return JsonValue.EMPTY_JSON_OBJECT;
            }
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    Answer get(String url, Duration timeout, String... headers) {
        return send(builder(url, timeout, headers).GET().build());
    }

    Answer post(String url, String json, String token, Duration timeout) {
        HttpRequest.Builder builder = builder(url, timeout, "Content-Type", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return send(builder.POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Answer send(String method, String url, String contentType, byte[] body, String token, Duration timeout) {
        HttpRequest.Builder builder = builder(url, timeout, "Content-Type", contentType);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return send(builder.method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** A GraphQL document with variables (a JSON object text, or null). */
    Answer graphql(String url, String query, String variables, String token, Duration timeout) {
        String body = "{\"query\":" + quote(query) + (variables == null ? "" : ",\"variables\":" + variables) + "}";
        return post(url, body, token, timeout);
    }

    Answer send(HttpRequest request) {
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8),
                    System.nanoTime() - start, null);
        } catch (HttpTimeoutException e) {
            return new Answer(0, "", System.nanoTime() - start, "no answer within the timeout");
        } catch (IOException e) {
            return new Answer(0, "", System.nanoTime() - start, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "", System.nanoTime() - start, "interrupted");
        }
    }

    private static HttpRequest.Builder builder(String url, Duration timeout, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    static String quote(String text) {
        return Json.createValue(text).toString();
    }
}
