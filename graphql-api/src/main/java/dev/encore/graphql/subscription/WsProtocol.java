package dev.encore.graphql.subscription;

import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/**
 * What differs between the two GraphQL-over-WebSocket sub-protocols {@link GraphqlWsConnection} speaks: the names of
 * the messages, the shape of {@code next}/{@code error}, and keep-alive. The connection (session, authentication,
 * operations, outbox, timers) is the same for both; so are the close codes, listed here once.
 */
interface WsProtocol {

    /** Not a protocol message (bad JSON, too deep, too long, binary, unknown type, no id or payload). */
    int BAD_MESSAGE = 4400;
    /** An operation before {@code connection_init} was acknowledged. */
    int UNAUTHORIZED = 4401;
    /** The {@code connection_init} token is invalid. */
    int FORBIDDEN = 4403;
    /** No {@code connection_init} within {@code subscriptions.connection-init-timeout}. */
    int INIT_TIMEOUT = 4408;
    /** An operation id that is already running on this connection. */
    int DUPLICATE_ID = 4409;
    /** A second {@code connection_init}. */
    int TOO_MANY_INITS = 4429;
    /** Tokens cannot be verified right now (the signing keys are unavailable): the client may retry. */
    int UNAVAILABLE = 1011;
    int NORMAL = 1000;

    /** What a client message asks of the connection. */
    enum Message {
        INIT, PING, IGNORED, SUBSCRIBE, COMPLETE, TERMINATE, UNKNOWN
    }

    /** The sub-protocol name, as offered and confirmed in {@code Sec-WebSocket-Protocol}. */
    String name();

    /** What a client message of this {@code type} means in this protocol ({@link Message#UNKNOWN} closes with 4400). */
    Message message(String type);

    /** The answer to a {@link Message#PING}. */
    JsonObject pong();

    /** One result of operation {@code id}. */
    JsonObject next(String id, JsonObject payload);

    /** Operation {@code id} failed with these GraphQL errors (it is over). */
    JsonObject error(String id, JsonArray errors);

    /** The server's keep-alive message, sent at once after the ack and then periodically; empty when there is none. */
    Optional<JsonObject> keepAlive();

    /** Operation {@code id} is over. The same in both protocols. */
    default JsonObject complete(String id) {
        return Json.createObjectBuilder().add("type", "complete").add("id", id).build();
    }

    /** The same in both protocols. */
    default JsonObject connectionAck() {
        return Json.createObjectBuilder().add("type", "connection_ack").build();
    }
}
