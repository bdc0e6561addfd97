package dev.encore.graphql.subscription;

import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The legacy {@code graphql-ws} protocol of subscriptions-transport-ws (Apollo's former client): {@code start},
 * {@code data}, an {@code error} whose payload is one error object, {@code stop}, and a server {@code ka} (keep-alive)
 * at once after the ack and every {@code subscriptions.keep-alive}. It has no ping: a client {@code ping} is ignored.
 */
final class LegacyWsProtocol implements WsProtocol {

    static final String NAME = "graphql-ws";
    static final LegacyWsProtocol INSTANCE = new LegacyWsProtocol();

    private static final JsonObject KEEP_ALIVE = Json.createObjectBuilder().add("type", "ka").build();

    private LegacyWsProtocol() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Message message(String type) {
        return switch (type) {
            case "connection_init" -> Message.INIT;
            case "ping", "pong" -> Message.IGNORED;
            case "start" -> Message.SUBSCRIBE;
            // "complete" is graphql-transport-ws's; accepted here too, as it always was.
            case "complete", "stop" -> Message.COMPLETE;
            case "connection_terminate" -> Message.TERMINATE;
            default -> Message.UNKNOWN;
        };
    }

    @Override
    public JsonObject pong() {
        throw new IllegalStateException(NAME + " has no ping");
    }

    @Override
    public JsonObject next(String id, JsonObject payload) {
        return Json.createObjectBuilder().add("type", "data").add("id", id).add("payload", payload).build();
    }

    /** The protocol's error payload is a single error: the first one (an empty object when there is none). */
    @Override
    public JsonObject error(String id, JsonArray errors) {
        return Json.createObjectBuilder().add("type", "error").add("id", id)
                .add("payload", errors.isEmpty() ? JsonValue.EMPTY_JSON_OBJECT : errors.get(0)).build();
    }

    @Override
    public Optional<JsonObject> keepAlive() {
        return Optional.of(KEEP_ALIVE);
    }
}
