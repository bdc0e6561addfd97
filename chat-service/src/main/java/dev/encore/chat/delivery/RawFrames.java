package dev.encore.chat.delivery;

import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import org.glassfish.tyrus.core.TyrusRemoteEndpoint;
import org.glassfish.tyrus.core.TyrusWebSocket;

/**
 * Reaches the Tyrus socket under a Jakarta {@link Session}, whose public {@link TyrusWebSocket#sendRawFrame} writes
 * already encoded frames (the way Tyrus's own {@code TyrusSession.broadcast} sends one encoding to every session).
 * Jakarta WebSocket has no per-session way to send pre-encoded bytes and Helidon 4.1.2 exposes none either, so the
 * socket is read from {@code TyrusRemoteEndpoint}'s package-private {@code webSocket} field. Only for sessions without
 * negotiated extensions (a compressing extension would have to transform every frame); when the field cannot be read
 * (another Tyrus version) the caller falls back to {@code sendText}.
 */
final class RawFrames {

    private static final Logger LOG = Logger.getLogger(RawFrames.class.getName());
    private static final Field WEB_SOCKET = webSocketField();

    private RawFrames() {
    }

    /** The session's Tyrus socket, or null when frames must go through {@code sendText}. */
    static TyrusWebSocket of(Session session) {
        if (WEB_SOCKET == null || !session.getNegotiatedExtensions().isEmpty()) {
            return null;
        }
        try {
            RemoteEndpoint.Basic remote = session.getBasicRemote();
            return remote instanceof TyrusRemoteEndpoint ? (TyrusWebSocket) WEB_SOCKET.get(remote) : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Field webSocketField() {
        try {
            Field field = TyrusRemoteEndpoint.class.getDeclaredField("webSocket");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.INFO, "frames are encoded per socket (Tyrus socket not reachable): " + e);
            return null;
        }
    }
}
