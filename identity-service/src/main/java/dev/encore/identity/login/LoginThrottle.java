package dev.encore.identity.login;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

import dev.encore.identity.IdentityConfig;
import dev.encore.support.redis.GuardedRedis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Counts failed logins per account (the normalized email, hashed, whether or not an account has it) and per client
 * address in Redis. Past a threshold the key is locked for {@code lockout-base}, doubling with every further failure
 * up to {@code lockout-max}. A failure count lives {@code failure-window} past the last failure.
 *
 * <p>A success clears the account's counter and lock, but not the address's: otherwise an attacker could interleave
 * logins to an account of their own to reset the counter that stops them spraying guesses across many accounts.
 *
 * <p>When Redis is unreachable logins go on unthrottled (logged): locking every user out because a limiter is down
 * would be worse, and Argon2 already bounds how fast one client can guess. Redis calls go through
 * {@link GuardedRedis}'s circuit breaker, so while Redis is down a login waits for no Redis timeout.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final System.Logger LOG = System.getLogger(LoginThrottle.class.getName());
    private static final String PREFIX = "identity:login:";

    @Inject
    IdentityConfig config;

    @Inject
    GuardedRedis redis;

    /** How long the caller must wait before trying again, when the account or the address is locked. */
    public Optional<Duration> lockedFor(String normalizedEmail, String clientAddress) {
        try {
            long wait = redis.call(jedis -> Math.max(jedis.pttl(lockKey("account", account(normalizedEmail))),
                                                     jedis.pttl(lockKey("ip", clientAddress))));
            return wait > 0 ? Optional.of(Duration.ofMillis(wait)) : Optional.empty();
        } catch (JedisException e) {
            LOG.log(Level.WARNING, "login throttle unavailable, not checking locks: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Counts a failure against both keys and locks those that crossed their threshold. */
    public void failed(String normalizedEmail, String clientAddress) {
        try {
            count("account", account(normalizedEmail), config.accountFailureThreshold());
            count("ip", clientAddress, config.ipFailureThreshold());
        } catch (JedisException e) {
            LOG.log(Level.WARNING, "login throttle unavailable, failure not counted: " + e.getMessage());
        }
    }

    public void succeeded(String normalizedEmail) {
        try {
            String account = account(normalizedEmail);
            redis.call(jedis -> jedis.del(failKey("account", account), lockKey("account", account)));
        } catch (JedisException e) {
            LOG.log(Level.WARNING, "login throttle unavailable, counter not reset: " + e.getMessage());
        }
    }

    private void count(String kind, String subject, int threshold) {
        String failures = failKey(kind, subject);
        redis.call(jedis -> {
            long count = jedis.incr(failures);
            if (count < threshold) {
                return jedis.pexpire(failures, config.failureWindow().toMillis());
            }
            Duration lockout = lockout(count - threshold);
            jedis.pexpire(failures, config.failureWindow().plus(lockout).toMillis());
            return jedis.psetex(lockKey(kind, subject), lockout.toMillis(), String.valueOf(count));
        });
    }

    /** base * 2^excess, capped. */
    Duration lockout(long excess) {
        Duration base = config.lockoutBase();
        Duration max = config.lockoutMax();
        if (excess >= 30) {
            return max;
        }
        Duration lockout = base.multipliedBy(1L << excess);
        return lockout.compareTo(max) > 0 ? max : lockout;
    }

    private static String failKey(String kind, String subject) {
        return PREFIX + "failures:" + kind + ":" + subject;
    }

    private static String lockKey(String kind, String subject) {
        return PREFIX + "lock:" + kind + ":" + subject;
    }

    /** Hashed, so Redis never holds the email addresses people typed. */
    private static String account(String normalizedEmail) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalizedEmail.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
