package dev.encore.support.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

import dev.encore.support.BackingService;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Produces the service's {@link JedisPooled} from {@code REDIS_URL} ({@code redis://} or, for managed Redis,
 * {@code rediss://} with user, password and database in the URL).
 *
 * <p>Timeouts are short on purpose: every Redis use in Encore is a cache or a limiter that has a fallback, so a slow
 * Redis must cost milliseconds, not the caller's whole request.
 */
@ApplicationScoped
@BackingService("redis")
public class RedisClientProducer {

    @Inject
    @ConfigProperty(name = "redis.url")
    String url;

    @Inject
    @ConfigProperty(name = "redis.timeout")
    Duration timeout;

    @Inject
    @ConfigProperty(name = "redis.pool.max-total")
    int maxTotal;

    private JedisPooled client;

    @PostConstruct
    void connect() {
        URI uri = parse(url);
        DefaultJedisClientConfig clientConfig = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) timeout.toMillis())
                .socketTimeoutMillis((int) timeout.toMillis())
                .user(JedisURIHelper.getUser(uri))
                .password(JedisURIHelper.getPassword(uri))
                .database(JedisURIHelper.getDBIndex(uri))
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .clientName("encore")
                .build();
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(maxTotal);
        // Keep every connection once made: with commons-pool's default of 8 idle, a burst of more than 8 concurrent
        // commands closed the extra connections on return and opened new ones for the next burst (a TCP connect and
        // the handshake's round trips on a command's path, measured by chat-service at 400 msg/s).
        pool.setMaxIdle(maxTotal);
        pool.setMaxWait(timeout);
        pool.setTestWhileIdle(true);
        client = new JedisPooled(pool, new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()),
                clientConfig);
    }

    static URI parse(String url) {
        try {
            URI uri = new URI(url);
            if (!JedisURIHelper.isValid(uri) || !("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme()))) {
                throw new URISyntaxException(uri.getScheme() + "://" + uri.getHost(),
                        "expected redis://host:port[/db] or rediss://user:password@host:port[/db]");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("REDIS_URL (redis.url) is not a valid Redis URL: " + e.getReason(), e);
        }
    }

    @Produces
    @Singleton
    JedisPooled jedis() {
        return client;
    }

    /** Builds the client at startup, so a malformed URL stops the service at once with a clear message. */
    void validateAtStartup(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        // Observing the event instantiated this bean, and @PostConstruct parsed the URL.
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
