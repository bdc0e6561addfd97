package dev.encore.chat.endpoint;

import java.util.List;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Keeps the handshake's {@code Authorization} header for {@link ChatEndpoint#open}: a {@code Session} does not expose
 * request headers. Jakarta WebSocket 2.1 gives each handshake its own copy of the user properties, so this is safe
 * with concurrent handshakes.
 */
public class ChatEndpointConfigurator extends ServerEndpointConfig.Configurator {

    static final String AUTHORIZATION = "encore.authorization";

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        List<String> values = request.getHeaders().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Authorization"))
                .flatMap(e -> e.getValue().stream())
                .toList();
        if (values.isEmpty()) {
            config.getUserProperties().remove(AUTHORIZATION);
        } else {
            config.getUserProperties().put(AUTHORIZATION, values.getFirst());
        }
    }
}
