package dev.encore.e2e;

import java.net.http.HttpClient;
import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** A graphql-transport-ws client (the protocol of the graphql-ws library), written from the protocol's spec. */
final class GraphqlWs extends Frames {

    private GraphqlWs(String name) {
        super(name);
    }

    static GraphqlWs connect(HttpClient client, String name, String url, String token) {
        GraphqlWs ws = new GraphqlWs(name);
        ws.connect(client, url, "graphql-transport-ws");
        ws.send(Json.createObjectBuilder().add("type", "connection_init")
                        .add("payload", Json.createObjectBuilder().add("Authorization", "Bearer " + token)).build());
        ws.await("connection_ack", frame -> "connection_ack".equals(frame.getString("type", "")), Duration.ofSeconds(10));
        return ws;
    }

    @Override
    protected void onFrame(JsonObject frame) {
        if ("ping".equals(frame.getString("type", ""))) {
            socket.sendText("{\"type\":\"pong\"}", true);
        }
    }

    void subscribe(String id, String query, JsonObject variables) {
        send(Json.createObjectBuilder().add("id", id).add("type", "subscribe")
                     .add("payload", Json.createObjectBuilder().add("query", query).add("variables", variables)).build());
    }

    /** The data of the next {@code next} message of subscription {@code id} that matches; errors fail at once. */
    Frame next(String id, String what, java.util.function.Predicate<JsonObject> data, Duration timeout) {
        return await(what, frame -> {
            String type = frame.getString("type", "");
            if (id.equals(frame.getString("id", null)) && "error".equals(type)) {
                throw new AssertionError("subscription " + id + " failed: " + frame);
            }
            return id.equals(frame.getString("id", null)) && "next".equals(type)
                   && data.test(frame.getJsonObject("payload").getJsonObject("data"));
        }, timeout);
    }
}
