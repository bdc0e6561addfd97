/**
 * Redis for every service: the pooled Jedis client built once from {@code REDIS_URL}, and {@link
 * dev.encore.support.redis.GuardedRedis}, the circuit breaker every Redis command goes through.
 */
package dev.encore.support.redis;
