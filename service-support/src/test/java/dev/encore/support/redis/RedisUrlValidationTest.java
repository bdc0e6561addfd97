package dev.encore.support.redis;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A malformed REDIS_URL stops startup with a message that names the variable and never echoes the password. */
class RedisUrlValidationTest {

    @Test
    void wrongSchemeNamesTheVariable() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> RedisClientProducer.parse("http://user:topsecret@cache:6379"));
        assertThat(error.getMessage(), containsString("REDIS_URL"));
        assertThat(error.getMessage(), not(containsString("topsecret")));
    }

    @Test
    void unparsableUrlNamesTheVariable() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> RedisClientProducer.parse("redis://cache:port with spaces"));
        assertThat(error.getMessage(), containsString("REDIS_URL"));
    }

    @Test
    void managedRedisUrlWithTlsAndCredentialsIsAccepted() {
        URI uri = RedisClientProducer.parse("rediss://default:pw@redis-123.example.cloud:6380/2");
        assertThat(uri.getPort(), is(6380));
    }
}
