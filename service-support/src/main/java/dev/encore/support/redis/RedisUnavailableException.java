package dev.encore.support.redis;

import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Redis was not asked: the circuit breaker is open (or half-open with its one trial call in flight). A
 * {@link JedisConnectionException}, so the fallbacks that already catch Jedis failures take it unchanged.
 */
public class RedisUnavailableException extends JedisConnectionException {

    RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
