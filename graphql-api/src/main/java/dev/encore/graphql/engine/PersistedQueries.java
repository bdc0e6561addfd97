package dev.encore.graphql.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.encore.graphql.error.ErrorCode;
import dev.encore.support.redis.GuardedRedis;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import redis.clients.jedis.params.SetParams;

/**
 * Automatic persisted queries, Apollo's protocol: a client sends {@code extensions.persistedQuery {version: 1,
 * sha256Hash}} without the query; if a replica knows the hash the query runs, else the answer is the error
 * {@code PersistedQueryNotFound} ({@code extensions.code} {@code PERSISTED_QUERY_NOT_FOUND}) and the client sends
 * the text with the hash once, which registers it (after it parsed and validated: no junk is stored).
 *
 * <p>Where the text is kept: Redis ({@code encore:apq:<hash>}, {@code graphql.persisted-queries.ttl}), so every
 * replica knows a hash any one of them learned, and a Caffeine level in front of it (a hit costs no Redis round
 * trip; a query text never changes under its hash, so the local copy can never be stale). Redis goes through
 * {@link GuardedRedis}'s circuit breaker; with Redis unreachable a hash this replica does not hold is answered
 * {@code PersistedQueryNotFound}, which makes the client send the text: slower, never wrong.
 *
 * <p>Why not graphql-java's {@code ApolloPersistedQuerySupport}: it resolves the hash inside execution, after our
 * checks ({@link GraphqlEngine#prepare}: limits, variables, which operation) needed the text, and its cache holds
 * parsed documents, which cannot be shared through Redis; its errors carry no {@code extensions.code} either.
 */
@ApplicationScoped
public class PersistedQueries {

    private static final System.Logger LOG = System.getLogger(PersistedQueries.class.getName());
    private static final String PREFIX = "encore:apq:";
    private static final HexFormat HEX = HexFormat.of();

    @Inject
    GuardedRedis redis;

    @Inject
    MetricRegistry metrics;

    @Inject
    @ConfigProperty(name = "graphql.persisted-queries.enabled")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "graphql.persisted-queries.ttl")
    Duration ttl;

    @Inject
    @ConfigProperty(name = "graphql.persisted-queries.local.max-entries")
    int localMaxEntries;

    private Cache<String, String> local;
    private Counter hits;
    private Counter misses;
    private Counter registered;
    private Counter redisErrors;
    private final AtomicLong lastFailureLog = new AtomicLong();

    @PostConstruct
    void init() {
        local = Caffeine.newBuilder().maximumSize(localMaxEntries).build();
        hits = metrics.counter("encore.graphql.persisted.queries", new Tag("result", "hit"));
        misses = metrics.counter("encore.graphql.persisted.queries", new Tag("result", "miss"));
        registered = metrics.counter("encore.graphql.persisted.queries", new Tag("result", "registered"));
        redisErrors = metrics.counter("encore.graphql.persisted.queries.errors");
    }

    /**
     * What to run for a request: itself when it has no {@code persistedQuery} extension; with its query text filled in
     * from the hash; or a refusal.
     *
     * @param request  the request; {@link Resolution#register()} says whether to {@link #register} it once accepted
     */
    public Resolution resolve(GraphqlRequest request) {
        JsonValue extension = request.extensions() == null ? null : request.extensions().get("persistedQuery");
        if (extension == null || extension.getValueType() == JsonValue.ValueType.NULL) {
            return new Resolution(request, null, false, false);
        }
        if (!enabled) {
            return refused(ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED, "PersistedQueryNotSupported", true);
        }
        if (extension.getValueType() != JsonValue.ValueType.OBJECT) {
            return refused(ErrorCode.BAD_REQUEST, "'extensions.persistedQuery' must be a JSON object.", false);
        }
        JsonObject persisted = extension.asJsonObject();
        if (!(persisted.get("version") instanceof JsonNumber version) || !version.isIntegral() || version.intValue() != 1) {
            return refused(ErrorCode.BAD_REQUEST, "Unsupported persisted query version: only version 1 "
                                                  + "(extensions.persistedQuery.version = 1) is supported.", false);
        }
        String hash = persisted.get("sha256Hash") instanceof jakarta.json.JsonString text ? text.getString() : null;
        if (hash == null || hash.length() != 64 || !isLowerHex(hash)) {
            return refused(ErrorCode.BAD_REQUEST, "'extensions.persistedQuery.sha256Hash' must be the SHA-256 of the "
                                                  + "query in lower-case hex (64 characters).", false);
        }
        if (request.query() != null) {
            if (!hash.equals(sha256(request.query()))) {
                return refused(ErrorCode.BAD_REQUEST, "provided sha does not match query: "
                               + "'extensions.persistedQuery.sha256Hash' must be the SHA-256 of 'query'.", false);
            }
            return new Resolution(request, hash, true, false);
        }
        String query = lookup(hash);
        if (query == null) {
            misses.inc();
            return refused(ErrorCode.PERSISTED_QUERY_NOT_FOUND, "PersistedQueryNotFound", true);
        }
        hits.inc();
        return new Resolution(new GraphqlRequest(query, request.operationName(), request.variables(),
                request.extensions()), hash, false, true);
    }

    /** Remembers a query the engine accepted, here and in Redis for the other replicas. */
    public void register(String hash, String query) {
        if (local.getIfPresent(hash) != null) {
            return;
        }
        local.put(hash, query);
        registered.inc();
        try {
            redis.call(jedis -> jedis.set(PREFIX + hash, query, SetParams.setParams().px(ttl.toMillis())));
        } catch (RuntimeException e) {
            redisFailed(e);
        }
    }

    private String lookup(String hash) {
        String query = local.getIfPresent(hash);
        if (query != null) {
            return query;
        }
        try {
            query = redis.call(jedis -> jedis.get(PREFIX + hash));
        } catch (RuntimeException e) {
            redisFailed(e);
            return null;
        }
        // Trust but verify: whatever is in Redis under a hash must hash to it, or it is not used.
        if (query != null && hash.equals(sha256(query))) {
            local.put(hash, query);
            return query;
        }
        return null;
    }

    private void redisFailed(RuntimeException failure) {
        redisErrors.inc();
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        if (now - last > Duration.ofMinutes(1).toNanos() && lastFailureLog.compareAndSet(last, now)) {
            LOG.log(System.Logger.Level.WARNING, "Redis unavailable for persisted queries; only this replica's "
                                                 + "hashes are known until it is back: " + failure);
        }
    }

    private static Resolution refused(ErrorCode code, String message, boolean retryable) {
        return new Resolution(null, null, false, false, GraphqlEngine.refusal(code, message), retryable);
    }

    /** SHA-256 of the text's UTF-8 bytes in lower-case hex, as Apollo's clients compute it. */
    public static String sha256(String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private static boolean isLowerHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The outcome of {@link #resolve}.
     *
     * @param request   what to run ({@code null} when refused)
     * @param hash      the persisted query's hash, when the request had one
     * @param register  the request brought the text with its hash: register it once the engine accepted it
     * @param byHash    the text came from the hash alone (a {@code GET} like that is what a CDN caches)
     * @param refusal   the answer instead of running anything, or {@code null}
     * @param notFound  the refusal is one Apollo clients answer by sending the text ({@code PersistedQueryNotFound},
     *                  {@code PersistedQueryNotSupported}): answered 200 and never cached, as Apollo Server does
     */
    public record Resolution(GraphqlRequest request, String hash, boolean register, boolean byHash,
                             GraphqlEngine.Result refusal, boolean notFound) {

        Resolution(GraphqlRequest request, String hash, boolean register, boolean byHash) {
            this(request, hash, register, byHash, null, false);
        }
    }
}
