package dev.encore.chat.endpoint;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.encore.chat.ChatConfig;
import dev.encore.chat.ChatMetrics;
import dev.encore.chat.delivery.ChatSocket;
import dev.encore.chat.delivery.Frames;
import dev.encore.chat.delivery.LocalRooms;
import dev.encore.chat.message.MessageService;
import dev.encore.chat.model.ChatBroadcasts;
import dev.encore.chat.model.Message;
import dev.encore.chat.model.RoomId;
import dev.encore.chat.moderation.ModerationService;
import dev.encore.chat.presence.PresenceService;
import dev.encore.support.events.ChatSignal;
import dev.encore.support.security.AccessToken;
import dev.encore.support.security.InvalidTokenException;
import dev.encore.support.security.KeysUnavailableException;
import dev.encore.support.security.TokenVerifier;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@code ws://host:8083/chat/{roomId}?access_token=<JWT>[&since=<id>]}: one instance per connection. A thin adapter:
 * it authenticates, parses frames and hands them to the services; the rules live in {@link MessageService} and
 * {@link ModerationService}. Close codes: 4401 invalid token, 4403 banned, 1008 bad room id / too many sockets /
 * repeated garbage, 1013 keys unavailable or too slow, 1001 idle.
 */
@ServerEndpoint(value = "/chat/{roomId}", configurator = ChatEndpointConfigurator.class)
public class ChatEndpoint {

    /**
     * Looked up once: {@code Json.createReader} finds its provider with a {@code ServiceLoader} scan of the class path
     * on every call, once per incoming frame here.
     */
    private static final JsonReaderFactory READERS = JsonProvider.provider().createReaderFactory(Map.of());

    private static final Logger LOG = Logger.getLogger(ChatEndpoint.class.getName());

    private Beans beans;
    private ChatSocket socket;
    private boolean counted;

    @OnOpen
    public void open(Session session, EndpointConfig endpointConfig, @PathParam("roomId") String roomId) {
        beans = Beans.lookup();
        if (!RoomId.valid(roomId)) {
            close(session, 1008, "invalid room id");
            return;
        }
        if (invalidSince(session)) {
            // Replaying from the start instead would hide the client's bug and send it the wrong messages.
            close(session, 1008, "since must be a message id (digits)");
            return;
        }
        AccessToken token;
        try {
            token = beans.verifier.verify(token(session, endpointConfig));
        } catch (InvalidTokenException e) {
            close(session, 4401, e.reason());
            return;
        } catch (KeysUnavailableException e) {
            close(session, 1013, "token keys unavailable, try again later");
            return;
        }
        if (!beans.rooms.admitUser(token.getSubject())) {
            close(session, 1008, "too many open sockets for this user");
            return;
        }
        counted = true;
        session.setMaxTextMessageBufferSize(beans.config.maxFrameBytes() * 4);
        boolean moderator = token.hasRole("moderator") || token.hasRole("admin");
        socket = beans.rooms.newSocket(session, roomId, token.getSubject(), displayName(token), moderator);
        try {
            if (beans.moderation.banned(roomId, socket.userId())) {
                socket.send(Frames.error("BANNED", "You are banned from this room.", null));
                socket.close(4403, "banned from this room");
                return;
            }
            LocalRooms.LocalRoom room = beans.rooms.join(socket);
            MessageService.History history = beans.messages.history(roomId, since(session));
            beans.rooms.ready(room, socket, history.frame(), history.end(), history.knownMax());
            beans.presence.joined(socket);
            beans.presence.sendCurrent(socket);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not open a socket in room " + roomId + ": " + e);
            socket.close(1011, "storage unavailable, try again later");
        }
    }

    @OnMessage(maxMessageSize = 65536)
    public void message(String text) {
        if (socket == null || !socket.isOpen()) {
            return;
        }
        socket.seen();
        if (text.length() > beans.config.maxFrameBytes()
                || text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > beans.config.maxFrameBytes()) {
            reject(beans, "TOO_LONG", "A frame has at most " + beans.config.maxFrameBytes() + " bytes.");
            return;
        }
        JsonObject frame = parse(text);
        String type = frame == null ? null : string(frame, "type");
        switch (type == null ? "" : type) {
            case "message" -> {
                if (notString(frame, "text") || notString(frame, "clientId")) {
                    reject(beans, "BAD_FRAME", "text and clientId are strings.");
                } else {
                    beans.messages.send(socket, string(frame, "text"), string(frame, "clientId"));
                }
            }
            case "typing" -> typing(beans);
            case "delete" -> beans.messages.delete(socket, string(frame, "id"));
            default -> garbage(beans, frame == null ? "The frame is not a JSON object." : "Unknown frame type.");
        }
    }

    /** Frames are JSON text: a binary frame is a malformed frame (an error, and it counts toward the close). */
    @OnMessage(maxMessageSize = 65536)
    public void binary(java.nio.ByteBuffer data) {
        if (socket == null || !socket.isOpen()) {
            return;
        }
        socket.seen();
        garbage(beans, "Frames are JSON text; a binary frame is not accepted.");
    }

    @OnMessage
    public void pong(PongMessage pong) {
        if (socket != null) {
            socket.seen();
        }
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        if (socket != null) {
            beans.rooms.leave(socket);
            try {
                beans.presence.left(socket);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "presence update failed", e);
            }
        }
        if (counted) {
            counted = false;
            beans.rooms.releaseUser(socket.userId());
        }
    }

    @OnError
    public void error(Session session, Throwable error) {
        LOG.log(Level.FINE, "socket error", error);
    }

    private void typing(Beans beans) {
        if (!socket.typingAllowed(beans.config.typingInterval().toNanos())) {
            return; // throttled quietly: typing is a hint, not worth an error frame
        }
        beans.rooms.broadcastToOthers(socket.roomId(), socket.userId(),
                Frames.typing(socket.userId(), socket.displayName()));
        beans.publisher.signal(ChatSignal.Kind.TYPING, socket.roomId(), socket.userId(), socket.displayName());
    }

    private void garbage(Beans beans, String why) {
        if (socket.garbage()) {
            beans.metrics.rejected("BAD_FRAME");
            socket.close(1008, "too many malformed frames");
        } else {
            reject(beans, "BAD_FRAME", why);
        }
    }

    private void reject(Beans beans, String code, String message) {
        beans.metrics.rejected(code);
        socket.send(Frames.error(code, message, null));
    }

    private static JsonObject parse(String text) {
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject object ? object : null;
        } catch (JsonException | IllegalStateException e) {
            return null;
        }
    }

    /** Present but not a string (a number, an object...): a malformed frame, not an empty message. */
    private static boolean notString(JsonObject frame, String name) {
        JsonValue value = frame.get(name);
        return value != null && value.getValueType() != JsonValue.ValueType.NULL && !(value instanceof JsonString);
    }

    private static String string(JsonObject frame, String name) {
        return frame.get(name) instanceof JsonString s ? s.getString() : null;
    }

    private static String token(Session session, EndpointConfig config) {
        List<String> query = session.getRequestParameterMap().get("access_token");
        if (query != null && !query.isEmpty() && !query.getFirst().isBlank()) {
            return query.getFirst();
        }
        Object header = config.getUserProperties().get(ChatEndpointConfigurator.AUTHORIZATION);
        if (header instanceof String value && value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return value.substring(7).trim();
        }
        return "";
    }

    private static boolean invalidSince(Session session) {
        List<String> since = session.getRequestParameterMap().get("since");
        // An empty since is no since: clients write since=${lastId ?? ""} on their first connect.
        return since != null && !since.isEmpty() && !since.getFirst().isEmpty() && Message.parseId(since.getFirst()) < 0;
    }

    private static Long since(Session session) {
        List<String> since = session.getRequestParameterMap().get("since");
        if (since == null || since.isEmpty()) {
            return null;
        }
        long seq = Message.parseId(since.getFirst());
        return seq < 0 ? null : seq;
    }

    /** {@code name}, else {@code preferred_username}, else the principal name (upn or sub). */
    private static String displayName(AccessToken token) {
        for (String claim : List.of("name", "preferred_username")) {
            if (token.getClaim(claim) instanceof String value && !value.isBlank()) {
                return value.length() > 64 ? value.substring(0, 64) : value;
            }
        }
        return token.getName();
    }

    private static void close(Session session, int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (java.io.IOException e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }

    /** The beans this endpoint uses: Tyrus creates endpoint instances itself, outside CDI injection. */
    private record Beans(TokenVerifier verifier, LocalRooms rooms, MessageService messages, ModerationService moderation,
                         PresenceService presence, ChatBroadcasts publisher, ChatConfig config, ChatMetrics metrics) {

        static Beans lookup() {
            CDI<Object> cdi = CDI.current();
            return new Beans(cdi.select(TokenVerifier.class).get(), cdi.select(LocalRooms.class).get(),
                    cdi.select(MessageService.class).get(), cdi.select(ModerationService.class).get(),
                    cdi.select(PresenceService.class).get(), cdi.select(ChatBroadcasts.class).get(),
                    cdi.select(ChatConfig.class).get(), cdi.select(ChatMetrics.class).get());
        }
    }
}
