package dev.encore.chat.endpoint;

import java.net.URI;

import io.helidon.common.Weight;
import io.helidon.common.Weighted;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.microprofile.tyrus.TyrusUpgradeProvider;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsConfig;

/**
 * Keeps WebSocket handshakes whose decoded path or query is not a URI (a room id or {@code since} with {@code %00},
 * {@code %0A}, {@code %20}...) away from Helidon 4.1.2's Tyrus upgrader, which rebuilds a {@code URI} from the decoded
 * parts: for the path it answers a bare HTTP 500 before any of our code runs; for the query, Tyrus fails after it has
 * already sent {@code 101 Switching Protocols} and writes an HTTP 500 into the WebSocket stream. Such a request is not
 * upgraded; it goes on as plain HTTP, where {@link ChatHttpResource} answers 400 problem+json. Every other handshake is
 * Tyrus's as before. Registered as an {@code Http1UpgradeProvider} (META-INF/services) weighing more than Tyrus's,
 * so Helidon picks it for {@code websocket}. Upstream: helidon-io/helidon#10486 (the query half, fixed after 4.1.2 by
 * passing the raw query, helidon-io/helidon#10492); drop this when the Helidon version no longer decodes either part.
 */
@Weight(Weighted.DEFAULT_WEIGHT + 200)
public class HandshakeGuard extends TyrusUpgradeProvider {

    @Override
    public Http1Upgrader create(WsConfig config, ProtocolConfigs configs) {
        Http1Upgrader tyrus = super.create(config, configs);
        return new Http1Upgrader() {
            @Override
            public String supportedProtocol() {
                return tyrus.supportedProtocol();
            }

            @Override
            public ServerConnection upgrade(ConnectionContext context, HttpPrologue prologue, WritableHeaders<?> headers) {
                String query = prologue.query().isEmpty() ? "" : "?" + prologue.query().value();
                return tyrusCanParse(prologue.uriPath().path() + query) ? tyrus.upgrade(context, prologue, headers) : null;
            }
        };
    }

    /** The parse Tyrus makes of the decoded path and query, without its 500. */
    static boolean tyrusCanParse(String decodedPathAndQuery) {
        try {
            URI.create(decodedPathAndQuery);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
