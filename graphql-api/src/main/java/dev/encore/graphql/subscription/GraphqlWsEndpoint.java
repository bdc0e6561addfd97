package dev.encore.graphql.subscription;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Mounts GraphQL over WebSocket at {@code /graphql} as a Helidon SE WebSocket route. Not a Jakarta
 * {@code @ServerEndpoint}: Helidon 4.1.2's Tyrus handshake never answers {@code Sec-WebSocket-Protocol}, and
 * graphql-ws clients and browsers drop a connection whose sub-protocol is not confirmed. The SE listener's
 * {@code onHttpUpgrade} confirms the one it picked. One {@link GraphqlWsConnection} per socket; all share this
 * replica's {@link Admission} limits and its {@link SharedStreams}.
 */
@ApplicationScoped
public class GraphqlWsEndpoint {

    private static final System.Logger LOG = System.getLogger(GraphqlWsEndpoint.class.getName());
    /** How often connections whose client vanished are looked for; each holds its places until then. */
    private static final long SWEEP_SECONDS = 2;

    public static final String PATH = "/graphql";

    @Inject
    GraphqlEngine engine;

    @Inject
    CallerAuthenticator authenticator;

    @Inject
    @ConfigProperties
    SubscriptionsConfig config;

    @Inject
    MetricRegistry metrics;

    private final ScheduledExecutorService timers = timers();
    private SharedStreams shared;
    private final Set<GraphqlWsConnection> open = ConcurrentHashMap.newKeySet();

    void mount(@Observes @Initialized(ApplicationScoped.class) Object startup, BeanManager beans) {
        long heap = Runtime.getRuntime().maxMemory();
        Admission admission = new Admission(config.maxConnections.orElse(Admission.connectionsFor(heap)),
                config.maxSubscriptions.orElse(Admission.subscriptionsFor(heap)), metrics);
        shared = new SharedStreams(metrics.timer("encore.subscriptions.fanout"));
        metrics.gauge("encore.subscriptions.shared-streams", shared, SharedStreams::streamCount);
        LOG.log(Level.INFO, "GraphQL over WebSocket at " + PATH + ": at most " + admission.maxConnections()
                            + " connections and " + admission.maxSubscriptions() + " subscriptions (heap "
                            + heap / (1024 * 1024) + " MB)");
        beans.getExtension(ServerCdiExtension.class).addRouting(WsRouting.builder().endpoint(PATH,
                () -> new GraphqlWsConnection(engine, authenticator, timers, config, admission, shared, open)));
        // Clients that vanished without a close are never reported by Helidon 4.1.2 (see clientVanished).
        timers.scheduleWithFixedDelay(this::forgetVanished, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    /** One thread for every connection's timers; a cancelled one (an init timeout, mostly) leaves the queue at once. */
    private static ScheduledExecutorService timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("graphql-ws-timers").factory());
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    private void forgetVanished() {
        for (GraphqlWsConnection connection : open) {
            if (connection.clientVanished()) {
                connection.forget();
            }
        }
    }

    @PreDestroy
    void stop() {
        timers.shutdownNow();
    }
}
