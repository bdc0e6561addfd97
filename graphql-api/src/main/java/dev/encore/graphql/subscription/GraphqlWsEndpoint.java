package dev.encore.graphql.subscription;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.encore.graphql.engine.GraphqlEngine;
import dev.encore.graphql.security.CallerAuthenticator;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.websocket.WsRouting;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Mounts GraphQL over WebSocket at {@code /graphql} as a Helidon SE WebSocket route. Not a Jakarta
 * {@code @ServerEndpoint}: Helidon 4.1.2's Tyrus handshake never answers {@code Sec-WebSocket-Protocol}, and
 * graphql-ws clients and browsers drop a connection whose sub-protocol is not confirmed. The SE listener's
 * {@code onHttpUpgrade} confirms the one it picked. One {@link GraphqlWsConnection} per socket.
 */
@ApplicationScoped
public class GraphqlWsEndpoint {

    public static final String PATH = "/graphql";

    @Inject
    GraphqlEngine engine;

    @Inject
    CallerAuthenticator authenticator;

    @Inject
    @ConfigProperty(name = "subscriptions.connection-init-timeout", defaultValue = "PT3S")
    Duration initTimeout;

    @Inject
    @ConfigProperty(name = "subscriptions.max-per-connection", defaultValue = "100")
    int maxPerConnection;

    @Inject
    @ConfigProperty(name = "subscriptions.keep-alive", defaultValue = "PT15S")
    Duration keepAlive;

    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("graphql-ws-timers").factory());

    void mount(@Observes @Initialized(ApplicationScoped.class) Object startup, BeanManager beans) {
        beans.getExtension(ServerCdiExtension.class).addRouting(WsRouting.builder().endpoint(PATH,
                () -> new GraphqlWsConnection(engine, authenticator, timers, initTimeout, maxPerConnection, keepAlive)));
    }

    @PreDestroy
    void stop() {
        timers.shutdownNow();
    }
}
