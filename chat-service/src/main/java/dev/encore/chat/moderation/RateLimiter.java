package dev.encore.chat.moderation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import dev.encore.chat.ChatConfig;
import dev.encore.support.redis.GuardedRedis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Per (room, user) limits shared by all replicas through Redis: a token bucket for messages and the slow-mode
 * interval. When Redis is unreachable each replica falls back to its own memory: a user spread over several
 * replicas then gets up to one budget per replica. That is the documented degradation, chosen over refusing chat.
 * Calls go through {@link GuardedRedis}'s circuit breaker, so while Redis is down a message waits for no timeout.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());

    // Refill and take one token atomically; returns 0 when allowed, else the milliseconds until a token is back.
    private static final String BUCKET = """
            local capacity = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local state = redis.call('HMGET', KEYS[1], 't', 'ts')
            local tokens = tonumber(state[1])
            local ts = tonumber(state[2])
            if tokens == nil then tokens = capacity; ts = now end
            local rate = capacity / window
            tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
            local wait = 0
            if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
            redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(now))
            redis.call('PEXPIRE', KEYS[1], window * 2)
            return wait
            """;

    @Inject
    GuardedRedis redis;

    @Inject
    ChatConfig config;

    private final Map<String, double[]> localBuckets = new ConcurrentHashMap<>();
    private final Map<String, Long> localSlow = new ConcurrentHashMap<>();
    private volatile long lastWarning;

    /** 0 when the user may send now (and a token was taken), else how many milliseconds to wait. */
    public long takeToken(String roomId, String userId) {
        String key = "chat:rate:" + roomId + ":" + userId;
        long window = config.rateLimitWindow().toMillis();
        try {
            Object wait = redis.call(jedis -> jedis.eval(BUCKET, List.of(key),
                    List.of(String.valueOf(config.rateLimitMessages()), String.valueOf(window))));
            return ((Number) wait).longValue();
        } catch (JedisException e) {
            degraded(e);
            return localTake(key, config.rateLimitMessages(), window);
        }
    }

    /** 0 when the slow-mode interval has passed (and a new one starts now), else the milliseconds left. */
    public long slowMode(String roomId, String userId, int seconds) {
        if (seconds <= 0) {
            return 0;
        }
        String key = "chat:slow:" + roomId + ":" + userId;
        long interval = seconds * 1000L;
        try {
            return redis.call(jedis -> "OK".equals(jedis.set(key, "1", SetParams.setParams().nx().px(interval)))
                    ? 0L
                    : Math.max(1L, jedis.pttl(key)));
        } catch (JedisException e) {
            degraded(e);
            long now = System.currentTimeMillis();
            Long until = localSlow.get(key);
            if (until != null && until > now) {
                return until - now;
            }
            localSlow.put(key, now + interval);
            return 0;
        }
    }

    private long localTake(String key, int capacity, long window) {
        double[] bucket = localBuckets.computeIfAbsent(key, k -> new double[] {capacity, System.currentTimeMillis()});
        synchronized (bucket) {
            long now = System.currentTimeMillis();
            double rate = (double) capacity / window;
            bucket[0] = Math.min(capacity, bucket[0] + Math.max(0, now - bucket[1]) * rate);
            bucket[1] = now;
            if (bucket[0] >= 1) {
                bucket[0] -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - bucket[0]) / rate);
        }
    }

    private void degraded(JedisException e) {
        long now = System.currentTimeMillis();
        if (now - lastWarning > 60_000) {
            lastWarning = now;
            LOG.warning("Redis unavailable, rate limits and slow mode are per replica for now: " + e);
        }
    }
}
