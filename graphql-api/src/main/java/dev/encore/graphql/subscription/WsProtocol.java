package dev.encore.graphql.subscription;

import static dev.encore.graphql.engine.ResponseJson.JSON;

import java.util.Optional;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The two GraphQL-over-WebSocket sub-protocols {@link GraphqlWsConnection} speaks, and what differs between them: the
 * name of a result ({@code next} or {@code data}), the shape of {@code error}, ping and keep-alive. Everything else
 * (the connection, authentication, operations, outbox, timers, the close codes listed here) is the same for both.
 * <ul>
 *   <li>{@code graphql-transport-ws}, the protocol of the graphql-ws library: {@code subscribe}, {@code next}, an
 *       {@code error} whose payload is the list of GraphQL errors, {@code ping}/{@code pong} in both directions (this
 *       server only answers pings: it sends none).</li>
 *   <li>The legacy {@code graphql-ws} of subscriptions-transport-ws (Apollo's former client): {@code start},
 *       {@code data}, an {@code error} whose payload is one error object, {@code stop}, and a server {@code ka}
 *       (keep-alive) at once after the ack and every {@code subscriptions.keep-alive}. It has no ping: a client
 *       {@code ping} is ignored.</li>
 * </ul>
 * Both accept {@code complete} and {@code stop}, and {@code connection_terminate}, as they always did.
 */
enum WsProtocol {

    TRANSPORT_WS("graphql-transport-ws", "subscribe", "next", true, null),
    LEGACY_WS("graphql-ws", "start", "data", false, JSON.createObjectBuilder().add("type", "ka").build());

    /** Not a protocol message (bad JSON, too deep, too long, binary, unknown type, no id or payload). */
    static final int BAD_MESSAGE = 4400;
    /** An operation before {@code connection_init} was acknowledged. */
    static final int UNAUTHORIZED = 4401;
    /** The {@code connection_init} token is invalid. */
    static final int FORBIDDEN = 4403;
    /** No {@code connection_init} within {@code subscriptions.connection-init-timeout}. */
    static final int INIT_TIMEOUT = 4408;
    /** An operation id that is already running on this connection. */
    static final int DUPLICATE_ID = 4409;
    /** A second {@code connection_init}. */
    static final int TOO_MANY_INITS = 4429;
    /** Tokens cannot be verified right now (the signing keys are unavailable): the client may retry. */
    static final int UNAVAILABLE = 1011;
    /**
     * RFC 6455's "Try Again Later": this replica has as many sockets as it may hold. graphql-ws clients treat 1013 as
     * retryable (not fatal) and reconnect with their backoff, which may land them on another replica.
     */
    static final int TRY_AGAIN_LATER = 1013;
    static final int NORMAL = 1000;

    private static final JsonObject PONG = JSON.createObjectBuilder().add("type", "pong").build();

    private final String protocolName;
    private final String subscribeType;
    private final String resultType;
    private final boolean answersPing;
    private final JsonObject keepAlive;

    WsProtocol(String protocolName, String subscribeType, String resultType, boolean answersPing,
               JsonObject keepAlive) {
        this.protocolName = protocolName;
        this.subscribeType = subscribeType;
        this.resultType = resultType;
        this.answersPing = answersPing;
        this.keepAlive = keepAlive;
    }

    /** What a client message asks of the connection. */
    enum Message {
        INIT, PING, IGNORED, SUBSCRIBE, COMPLETE, TERMINATE, UNKNOWN
    }

    /** The sub-protocol name, as offered and confirmed in {@code Sec-WebSocket-Protocol}. */
    String protocolName() {
        return protocolName;
    }

    /** The protocol to speak given those the client offers, graphql-transport-ws first; empty when it offers neither. */
    static Optional<WsProtocol> choose(java.util.List<String> offered) {
        for (WsProtocol protocol : values()) {
            if (offered.contains(protocol.protocolName)) {
                return Optional.of(protocol);
            }
        }
        return Optional.empty();
    }

    /** What a client message of this {@code type} means in this protocol ({@link Message#UNKNOWN} closes with 4400). */
    Message message(String type) {
        if (type.equals(subscribeType)) {
            return Message.SUBSCRIBE;
        }
        return switch (type) {
            case "connection_init" -> Message.INIT;
            case "ping" -> answersPing ? Message.PING : Message.IGNORED;
            case "pong" -> Message.IGNORED;
            case "complete", "stop" -> Message.COMPLETE;
            case "connection_terminate" -> Message.TERMINATE;
            default -> Message.UNKNOWN;
        };
    }

    /** The answer to a {@link Message#PING}. */
    JsonObject pong() {
        return PONG;
    }

    /** One result of operation {@code id}. */
    JsonObject next(String id, JsonObject payload) {
        return JSON.createObjectBuilder().add("type", resultType).add("id", id).add("payload", payload).build();
    }

    /**
     * One result of operation {@code id} whose payload is already JSON text: an event shared by many subscribers is
     * serialized once, and each subscriber's frame only wraps it.
     */
    String next(String id, String payloadJson) {
        return "{\"type\":\"" + resultType + "\",\"id\":" + JSON.createValue(id) + ",\"payload\":" + payloadJson + "}";
    }

    /**
     * Operation {@code id} failed with these GraphQL errors (it is over). The legacy protocol's payload is a single
     * error: the first one (an empty object when there is none).
     */
    JsonObject error(String id, JsonArray errors) {
        JsonValue payload = this == TRANSPORT_WS ? errors : errors.isEmpty() ? JsonValue.EMPTY_JSON_OBJECT : errors.get(0);
        return JSON.createObjectBuilder().add("type", "error").add("id", id).add("payload", payload).build();
    }

    /** The server's keep-alive message, sent at once after the ack and then periodically; empty when there is none. */
    Optional<JsonObject> keepAlive() {
        return Optional.ofNullable(keepAlive);
    }

    /** Operation {@code id} is over. The same in both protocols. */
    JsonObject complete(String id) {
        return JSON.createObjectBuilder().add("type", "complete").add("id", id).build();
    }

    /** The same in both protocols. */
    JsonObject connectionAck() {
        return JSON.createObjectBuilder().add("type", "connection_ack").build();
    }
}
