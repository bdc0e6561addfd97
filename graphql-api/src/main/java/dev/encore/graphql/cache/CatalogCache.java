package dev.encore.graphql.cache;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.encore.support.redis.GuardedRedis;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * The read cache of the catalog: a small in-process Caffeine cache in front of Redis, both with TTLs.
 *
 * <p>Why two levels: Redis is shared by the replicas and saves MongoDB the hot reads; the in-process level saves the
 * Redis round trip on the hottest ones. Writes evict both on the writing replica at once, and every replica evicts
 * its own in-process level when the write's catalog event reaches it over Kafka ({@code CatalogEventListener}), so
 * staleness on another replica is bounded by event delivery (and by {@code cache.local.ttl} if Kafka is down).
 *
 * <p>Why the fallback is a direct read: the cache only ever saves work. Redis unreachable or slow (the client times
 * out after {@code redis.timeout}) costs the Mongo read the cache would have saved, never an error; failures are
 * counted ({@code encore_cache_errors_total}) and logged at most once a minute. Every call goes through
 * {@link GuardedRedis}'s circuit breaker: once Redis has failed, reads skip it without waiting until a trial call
 * finds it back, so an outage costs no timeout per miss. Jedis blocks, so every Redis call runs on a virtual thread,
 * never on a driver or event-loop thread.
 */
@ApplicationScoped
public class CatalogCache {

    private static final System.Logger LOG = System.getLogger(CatalogCache.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();
    private static final String PREFIX = "encore:catalog:";
    private static final String SEARCH_GENERATION = PREFIX + "search-generation";

    @Inject
    GuardedRedis redis;

    @Inject
    MetricRegistry metrics;

    private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();

    @Inject
    @ConfigProperty(name = "cache.enabled")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "cache.entity.ttl")
    Duration entityTtl;

    @Inject
    @ConfigProperty(name = "cache.search.ttl")
    Duration searchTtl;

    @Inject
    @ConfigProperty(name = "cache.local.ttl")
    Duration localTtl;

    @Inject
    @ConfigProperty(name = "cache.local.max-entries")
    int localMaxEntries;

    private ExecutorService redisThreads;
    /** Bounded by {@code cache.local.max-entries}; which entry goes first is Caffeine's choice (W-TinyLFU), not LRU. */
    private Cache<String, Object> local;
    private final AtomicLong lastFailureLog = new AtomicLong();

    @PostConstruct
    void init() {
        redisThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("redis-cache-", 0).factory());
        local = Caffeine.newBuilder().expireAfterWrite(localTtl).maximumSize(localMaxEntries).build();
    }

    @PreDestroy
    void close() {
        redisThreads.shutdownNow();
    }

    /** The entity of {@code kind} with this id, from the cache or else {@code loader} (whose non-null result is kept). */
    public <T> Uni<T> get(String kind, String id, Class<T> type, Supplier<Uni<T>> loader) {
        return getAll(kind, List.of(id), type, missing -> loader.get().map(item -> {
            Map<String, T> found = new HashMap<>();
            if (item != null) {
                found.put(id, item);
            }
            return found;
        })).map(found -> found.get(id));
    }

    /**
     * The entities of {@code kind} with these ids: in-process hits first, then one Redis {@code MGET} for the rest, then
     * one {@code loader} call for what is still missing. Ids nobody has are absent from the map.
     */
    public <T> Uni<Map<String, T>> getAll(String kind, Collection<String> ids, Class<T> type,
                                          Function<List<String>, Uni<Map<String, T>>> loader) {
        if (!enabled) {
            return loader.apply(List.copyOf(ids));
        }
        Map<String, T> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            T hit = localGet(key(kind, id), type);
            if (hit != null) {
                found.put(id, hit);
            } else if (!missing.contains(id)) {
                missing.add(id);
            }
        }
        count("encore.cache.hits", kind, "local", found.size());
        if (missing.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        return redisGetAll(kind, missing, type).chain(fromRedis -> {
            found.putAll(fromRedis);
            count("encore.cache.hits", kind, "redis", fromRedis.size());
            fromRedis.forEach((id, value) -> localPut(key(kind, id), value));
            List<String> stillMissing = missing.stream().filter(id -> !fromRedis.containsKey(id)).toList();
            if (stillMissing.isEmpty()) {
                return Uni.createFrom().item(found);
            }
            count("encore.cache.misses", kind, null, stillMissing.size());
            return loader.apply(stillMissing).invoke(loaded -> {
                found.putAll(loaded);
                loaded.forEach((id, value) -> localPut(key(kind, id), value));
                redisPutAll(kind, loaded);
            }).replaceWith(found);
        });
    }

    /** Forgets an entity on both levels; Redis best effort. Returns when Redis answered (or failed). */
    public Uni<Void> evict(String kind, String id) {
        evictLocal(kind, id);
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        return onRedis(jedis -> {
            jedis.del(key(kind, id));
            jedis.incr(SEARCH_GENERATION);
            return null;
        }).replaceWithVoid();
    }

    /** Makes every cached search answer stale (a new entity may match any of them). */
    public Uni<Void> searchesChanged() {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        return onRedis(jedis -> jedis.incr(SEARCH_GENERATION)).replaceWithVoid();
    }

    /** Forgets the in-process copy only: what a replica does for another replica's write. */
    public void evictLocal(String kind, String id) {
        local.invalidate(key(kind, id));
    }

    /**
     * A search answer from Redis, or {@code loader}'s. Search keys include a generation that every catalog write
     * bumps, so a write makes every cached search stale at once without knowing which searches it affects.
     */
    public <T> Uni<T> search(String query, Class<T> type, Supplier<Uni<T>> loader) {
        if (!enabled) {
            return loader.get();
        }
        return onRedis(jedis -> {
            String generation = jedis.get(SEARCH_GENERATION);
            String key = PREFIX + "search:" + (generation == null ? "0" : generation) + ":" + query;
            return new String[] {key, jedis.get(key)};
        }).chain(entry -> {
            if (entry != null && entry[1] != null) {
                count("encore.cache.hits", "search", "redis", 1);
                return Uni.createFrom().item(JSON.fromJson(entry[1], type));
            }
            count("encore.cache.misses", "search", null, 1);
            return loader.get().invoke(answer -> {
                if (entry != null && answer != null) {
                    String json = JSON.toJson(answer);
                    onRedis(jedis -> jedis.set(entry[0], json, SetParams.setParams().px(searchTtl.toMillis())))
                            .subscribe().with(ignored -> { });
                }
            });
        });
    }

    private <T> Uni<Map<String, T>> redisGetAll(String kind, List<String> ids, Class<T> type) {
        String[] keys = ids.stream().map(id -> key(kind, id)).toArray(String[]::new);
        return onRedis(jedis -> jedis.mget(keys)).map(values -> {
            Map<String, T> found = new HashMap<>();
            for (int i = 0; values != null && i < values.size(); i++) {
                if (values.get(i) != null) {
                    found.put(ids.get(i), JSON.fromJson(values.get(i), type));
                }
            }
            return found;
        });
    }

    private <T> void redisPutAll(String kind, Map<String, T> values) {
        if (values.isEmpty()) {
            return;
        }
        Map<String, String> json = new HashMap<>();
        values.forEach((id, value) -> json.put(key(kind, id), JSON.toJson(value)));
        onRedis(jedis -> {
            try (var pipeline = jedis.pipelined()) {
                json.forEach((key, value) -> pipeline.set(key, value, SetParams.setParams().px(entityTtl.toMillis())));
                pipeline.sync();
            }
            return null;
        }).subscribe().with(ignored -> { });
    }

    /**
     * Runs a Redis call through the breaker on a virtual thread; a failure becomes a {@code null} item, counted and
     * logged. With the breaker open the call fails at once.
     */
    private <T> Uni<T> onRedis(Function<JedisPooled, T> call) {
        return Uni.createFrom().item(() -> redis.call(call)).runSubscriptionOn(redisThreads)
                .onFailure().recoverWithItem(failure -> {
                    metrics.counter("encore.cache.errors").inc();
                    long now = System.nanoTime();
                    long last = lastFailureLog.get();
                    if (now - last > Duration.ofMinutes(1).toNanos() && lastFailureLog.compareAndSet(last, now)) {
                        LOG.log(Level.WARNING, "Redis cache unavailable, reading through to MongoDB: " + failure);
                    }
                    return null;
                });
    }

    private <T> T localGet(String key, Class<T> type) {
        Object value = local.getIfPresent(key);
        return type.isInstance(value) ? type.cast(value) : null;
    }

    private void localPut(String key, Object value) {
        if (value == null || localTtl.isZero()) {
            return;
        }
        local.put(key, value);
    }

    private void count(String name, String kind, String level, int amount) {
        if (amount > 0) {
            counters.computeIfAbsent(new CounterKey(name, kind, level), this::counter).inc(amount);
        }
    }

    /** The registry checks a counter's name and tags on every lookup (5% of a cached {@code song(id)}'s CPU). */
    private Counter counter(CounterKey key) {
        return key.level() == null
                ? metrics.counter(key.name(), new Tag("cache", key.kind()))
                : metrics.counter(key.name(), new Tag("cache", key.kind()), new Tag("level", key.level()));
    }

    private record CounterKey(String name, String kind, String level) {
    }

    private static String key(String kind, String id) {
        return PREFIX + kind + ":" + id;
    }
}
