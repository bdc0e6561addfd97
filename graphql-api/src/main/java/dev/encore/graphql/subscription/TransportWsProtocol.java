package dev.encore.graphql.subscription;

import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/**
 * {@code graphql-transport-ws}, the protocol of the graphql-ws library: {@code subscribe}, {@code next}, an
 * {@code error} whose payload is the list of GraphQL errors, {@code ping}/{@code pong} in both directions (this server
 * only answers pings: it sends none).
 */
final class TransportWsProtocol implements WsProtocol {

    static final String NAME = "graphql-transport-ws";
    static final TransportWsProtocol INSTANCE = new TransportWsProtocol();

    private static final JsonObject PONG = Json.createObjectBuilder().add("type", "pong").build();

    private TransportWsProtocol() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Message message(String type) {
        return switch (type) {
            case "connection_init" -> Message.INIT;
            case "ping" -> Message.PING;
            case "pong" -> Message.IGNORED;
            case "subscribe" -> Message.SUBSCRIBE;
            // "stop" and "connection_terminate" are the legacy protocol's; accepted here too, as they always were.
            case "complete", "stop" -> Message.COMPLETE;
            case "connection_terminate" -> Message.TERMINATE;
            default -> Message.UNKNOWN;
        };
    }

    @Override
    public JsonObject pong() {
        return PONG;
    }

    @Override
    public JsonObject next(String id, JsonObject payload) {
        return Json.createObjectBuilder().add("type", "next").add("id", id).add("payload", payload).build();
    }

    @Override
    public JsonObject error(String id, JsonArray errors) {
        return Json.createObjectBuilder().add("type", "error").add("id", id).add("payload", errors).build();
    }

    @Override
    public Optional<JsonObject> keepAlive() {
        return Optional.empty();
    }
}
