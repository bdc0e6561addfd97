package dev.encore.graphql;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** Sends GraphQL documents to a running graphql-api over real HTTP, the way any client would. */
public final class GraphqlClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public GraphqlClient(URI base) {
        String uri = base.toString();
        this.base = URI.create(uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri);
    }

    public URI base() {
        return base;
    }

    /** The answer: status, content type, headers and the body parsed as JSON when it is JSON. */
    public record Answer(int status, String contentType, HttpResponse<String> raw, JsonObject json) {

        public JsonObject data() {
            return json.getJsonObject("data");
        }

        public JsonArray errors() {
            return json.containsKey("errors") ? json.getJsonArray("errors") : JsonValue.EMPTY_JSON_ARRAY;
        }

        public String firstErrorCode() {
            return errors().isEmpty() ? null
                    : errors().getJsonObject(0).getJsonObject("extensions").getString("code");
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Answer post(String query, JsonObject variables, String token) {
        JsonObjectBuilder body = Json.createObjectBuilder().add("query", query);
        if (variables != null) {
            body.add("variables", variables);
        }
        return send(HttpRequest.newBuilder(base.resolve("/graphql"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/graphql-response+json, application/json;q=0.9"),
                "POST", body.build().toString(), token);
    }

    public Answer post(String query, String token) {
        return post(query, null, token);
    }

    /** Runs a document that must succeed, and returns its {@code data}. */
    public JsonObject data(String query, JsonObject variables, String token) {
        Answer answer = post(query, variables, token);
        if (answer.status() != 200 || !answer.errors().isEmpty()) {
            throw new AssertionError("Expected data, got " + answer.status() + " " + answer.json());
        }
        return answer.data();
    }

    public JsonObject data(String query, String token) {
        return data(query, null, token);
    }

    public Answer get(String query, Map<String, String> extra, String accept) {
        StringBuilder uri = new StringBuilder("/graphql?query=").append(encode(query));
        extra.forEach((name, value) -> uri.append('&').append(name).append('=').append(encode(value)));
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(uri.toString()));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return send(request, "GET", null, null);
    }

    public Answer raw(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        headers.forEach(request::header);
        return send(request, method, body, null);
    }

    private Answer send(HttpRequest.Builder request, String method, String body, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.timeout(Duration.ofSeconds(30)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonObject json = null;
            if (contentType.contains("json") && !response.body().isEmpty()) {
                json = Json.createReader(new StringReader(response.body())).readObject();
            }
            return new Answer(response.statusCode(), contentType, response, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
