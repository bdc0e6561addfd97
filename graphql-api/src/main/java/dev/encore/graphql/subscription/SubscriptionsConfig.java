package dev.encore.graphql.subscription;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The WebSocket transport's settings ({@code subscriptions.*}); their defaults are stated once, in
 * {@code META-INF/microprofile-config.properties}, and each can be overridden by its environment variable
 * ({@code SUBSCRIPTIONS_MAX_CONNECTIONS} for {@code subscriptions.max-connections}).
 */
@Dependent
@ConfigProperties(prefix = "subscriptions")
public class SubscriptionsConfig {

    /** Close with 4408 when no {@code connection_init} came by then. */
    @ConfigProperty(name = "connection-init-timeout")
    Duration connectionInitTimeout;

    /** Operations running at once on one socket. */
    @ConfigProperty(name = "max-per-connection")
    int maxPerConnection;

    /** The {@code ka} period on the legacy {@code graphql-ws} protocol. */
    @ConfigProperty(name = "keep-alive")
    Duration keepAlive;

    /** Sockets this replica holds at once; unset: derived from the heap ({@link Admission#connectionsFor}). */
    @ConfigProperty(name = "max-connections")
    Optional<Integer> maxConnections;

    /** Subscriptions this replica runs at once; unset: derived from the heap ({@link Admission#subscriptionsFor}). */
    @ConfigProperty(name = "max-subscriptions")
    Optional<Integer> maxSubscriptions;

    /** How long a client refused for capacity is told to wait before it tries again. */
    @ConfigProperty(name = "retry-after")
    Duration retryAfter;
}
