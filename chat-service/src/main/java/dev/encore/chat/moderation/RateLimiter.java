package dev.encore.chat.moderation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.encore.chat.ChatConfig;
import dev.encore.chat.delivery.LocalRooms;
import dev.encore.support.redis.GuardedRedis;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Per (room, user) limits shared by all replicas through Redis: a token bucket for messages and the slow-mode
 * interval. When Redis is unreachable each replica falls back to its own memory: a user spread over several
 * replicas then gets up to one budget per replica. That is the documented degradation, chosen over refusing chat.
 * Calls go through {@link GuardedRedis}'s circuit breaker, so while Redis is down a message waits for no timeout.
 *
 * <p>The message bucket is decided locally once known (issue 16: the Redis round trip was a third of a message's
 * time before it was stored at 400 msg/s). A user's first message in a room on this replica, and any message more than
 * {@code chat.rate-limit.local-for} after this replica last heard the shared bucket's level, takes a token in Redis
 * as before and learns the level. Messages in between take a token from the local copy at once, and the tokens taken
 * are charged to the shared bucket in the background, in one pipelined round trip for whatever is due, each charge
 * answering the shared level again. So what replicas accept together stays within the shared budget except for
 * what another replica accepted in the last {@code local-for} or charge round trip (the sum then goes into debt: the
 * shared bucket goes below zero, at most one bucket deep, and every replica refuses until it has refilled); a user on
 * one replica gets exactly the shared budget. {@code local-for} 0 asks Redis for every message.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());
    // A bound against a flood of distinct users, far above what one replica serves within two windows.
    private static final long MAX_BUCKETS = 200_000;

    // The bucket of KEYS[1] (capacity ARGV[1] tokens, refilled over ARGV[2] ms) read and refilled up to now: the
    // common start of the two scripts below. SAVE is their common end.
    private static final String REFILL = """
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
            """;
    private static final String SAVE = """
            redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(now))
            redis.call('PEXPIRE', KEYS[1], window * 2)
            """;

    // Refill and take one token if there is one; returns {wait ms (0 when taken), tokens left in thousandths}.
    private static final String TAKE = REFILL + """
            local wait = 0
            if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
            """ + SAVE + """
            return {wait, math.floor(tokens * 1000)}
            """;

    // Refill and charge ARGV[3] tokens already spent on a replica, into debt if need be (at most one bucket deep);
    // returns the tokens left in thousandths.
    private static final String CHARGE = REFILL + """
            tokens = math.max(-capacity, tokens - tonumber(ARGV[3]))
            """ + SAVE + """
            return math.floor(tokens * 1000)
            """;

    @Inject
    GuardedRedis redis;

    @Inject
    ChatConfig config;

    @Inject
    LocalRooms rooms;

    /**
     * This replica's copy of one shared bucket, guarded by its monitor. {@code tokens} at {@code at} (ms), refilling
     * at the configured rate; {@code uncharged}: tokens taken here and not yet sent to Redis; {@code heard}: when the
     * shared level was last learned (0: never, Redis down).
     */
    private static final class Bucket {
        double tokens;
        long at;
        int uncharged;
        long heard;
    }

    private Cache<String, Bucket> buckets;
    private final Set<String> due = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean charging = new AtomicBoolean();
    private final Map<String, Long> localSlow = new ConcurrentHashMap<>();
    private volatile long lastWarning;

    @PostConstruct
    void init() {
        // An entry idle for two windows is a full bucket again, as its Redis key (which expires then) is.
        buckets = Caffeine.newBuilder().expireAfterAccess(config.rateLimitWindow().multipliedBy(2))
                .maximumSize(MAX_BUCKETS).build();
    }

    /** 0 when the user may send now (and a token was taken), else how many milliseconds to wait. */
    public long takeToken(String roomId, String userId) {
        String key = "chat:rate:" + roomId + ":" + userId;
        int capacity = config.rateLimitMessages();
        long window = config.rateLimitWindow().toMillis();
        long localFor = config.rateLimitLocalFor().toMillis();
        Bucket bucket = buckets.get(key, k -> new Bucket());
        long now = System.currentTimeMillis();
        synchronized (bucket) {
            if (bucket.heard != 0 && now - bucket.heard < localFor) {
                long wait = take(bucket, capacity, window, now);
                if (wait == 0) {
                    bucket.uncharged++;
                    due.add(key);
                }
                if (wait == 0 && charging.compareAndSet(false, true)) {
                    rooms.execute(this::chargeDue);
                }
                return wait;
            }
        }
        try {
            List<?> answer = (List<?>) redis.call(jedis -> jedis.eval(TAKE, List.of(key),
                    List.of(String.valueOf(capacity), String.valueOf(window))));
            long wait = ((Number) answer.get(0)).longValue();
            heard(bucket, ((Number) answer.get(1)).longValue(), System.currentTimeMillis());
            return wait;
        } catch (JedisException e) {
            degraded(e);
            synchronized (bucket) {
                bucket.heard = 0;
                return take(bucket, capacity, window, System.currentTimeMillis());
            }
        }
    }

    /** Sends the tokens taken locally to Redis, all due buckets in one pipelined round trip, until none is due. */
    private void chargeDue() {
        while (true) {
            List<String> keys = new ArrayList<>(due);
            if (keys.isEmpty()) {
                charging.set(false);
                if (due.isEmpty() || !charging.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            keys.forEach(due::remove);
            List<Bucket> charged = new ArrayList<>(keys.size());
            List<String> spent = new ArrayList<>(keys.size());
            for (String key : keys) {
                Bucket bucket = buckets.getIfPresent(key);
                int n = 0;
                if (bucket != null) {
                    synchronized (bucket) {
                        n = bucket.uncharged;
                        bucket.uncharged = 0;
                    }
                }
                charged.add(bucket);
                spent.add(String.valueOf(n));
            }
            String capacity = String.valueOf(config.rateLimitMessages());
            String window = String.valueOf(config.rateLimitWindow().toMillis());
            try {
                List<Object> levels = redis.call(jedis -> {
                    try (PipelineBase pipeline = jedis.pipelined()) {
                        List<Response<Object>> responses = new ArrayList<>(keys.size());
                        for (int i = 0; i < keys.size(); i++) {
                            responses.add(pipeline.eval(CHARGE, List.of(keys.get(i)),
                                    List.of(capacity, window, spent.get(i))));
                        }
                        pipeline.sync();
                        return responses.stream().map(Response::get).toList();
                    }
                });
                long now = System.currentTimeMillis();
                for (int i = 0; i < keys.size(); i++) {
                    if (charged.get(i) != null) {
                        heard(charged.get(i), ((Number) levels.get(i)).longValue(), now);
                    }
                }
            } catch (JedisException e) {
                // The charges are lost to the shared bucket: Redis is down, and replicas count on their own meanwhile.
                degraded(e);
                for (Bucket bucket : charged) {
                    if (bucket != null) {
                        synchronized (bucket) {
                            bucket.heard = 0;
                        }
                    }
                }
            }
        }
    }

    /** The shared level (thousandths of tokens) as Redis answered at {@code now}, less what was taken here since. */
    private static void heard(Bucket bucket, long thousandths, long now) {
        synchronized (bucket) {
            bucket.tokens = thousandths / 1000.0 - bucket.uncharged;
            bucket.at = now;
            bucket.heard = now;
        }
    }

    /** Refills the local copy to {@code now} and takes a token: 0, else the milliseconds until one is back. */
    private static long take(Bucket bucket, int capacity, long window, long now) {
        double rate = (double) capacity / window;
        if (bucket.at == 0) {
            bucket.tokens = capacity;
            bucket.at = now;
        }
        bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.at) * rate);
        bucket.at = Math.max(bucket.at, now);
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - bucket.tokens) / rate);
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

    private void degraded(JedisException e) {
        long now = System.currentTimeMillis();
        if (now - lastWarning > 60_000) {
            lastWarning = now;
            LOG.warning("Redis unavailable, rate limits and slow mode are per replica for now: " + e);
        }
    }
}
