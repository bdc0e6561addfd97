/** The pooled Jedis client, built once per service from {@code REDIS_URL}. */
package dev.encore.support.redis;
