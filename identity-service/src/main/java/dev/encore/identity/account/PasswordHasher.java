package dev.encore.identity.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.encore.identity.IdentityConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (BouncyCastle), stored as PHC strings
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) so that each hash carries the parameters it was made with and
 * can be upgraded on the next successful login when the configured parameters change.
 *
 * <p>Defaults are OWASP's first Argon2id recommendation (19 MiB, 2 passes, 1 lane). Every hash holds its memory for
 * the whole computation, so at most {@code identity.password.max-concurrent-hashes} run at once: a burst of logins
 * queues (on virtual threads, which cost nothing to park) instead of exhausting the heap.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final Pattern PHC = Pattern.compile(
            "^\\$argon2id\\$v=(\\d+)\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)$");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    private Parameters current;
    private Semaphore permits;
    /** Verified against when the email is unknown, so that answer costs as much time as a wrong password. */
    private String decoy;

    @Inject
    IdentityConfig config;

    /** A hasher with these parameters, outside CDI (tests, tools). */
    public static PasswordHasher withParameters(int memoryKib, int iterations, int parallelism) {
        PasswordHasher hasher = new PasswordHasher();
        hasher.init(new Parameters(memoryKib, iterations, parallelism), 4);
        return hasher;
    }

    @PostConstruct
    void configure() {
        init(new Parameters(config.argon2MemoryKib(), config.argon2Iterations(), config.argon2Parallelism()),
             config.maxConcurrentHashes());
    }

    private void init(Parameters parameters, int concurrency) {
        if (parameters.memoryKib < 8 * parameters.parallelism || parameters.iterations < 1 || parameters.parallelism < 1) {
            throw new IllegalStateException("Argon2 parameters are out of range: " + parameters);
        }
        this.current = parameters;
        this.permits = new Semaphore(Math.max(1, concurrency), true);
        this.decoy = hash("decoy password that nobody has " + random.nextLong());
    }

    /** A new PHC string for this password, with a fresh salt and the configured parameters. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, current, HASH_BYTES);
        return "$argon2id$v=19$m=" + current.memoryKib + ",t=" + current.iterations + ",p=" + current.parallelism
               + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Whether the password matches; an unreadable stored hash never matches. Compares in constant time. */
    public boolean verify(String password, String stored) {
        Matcher phc = stored == null ? null : PHC.matcher(stored);
        if (phc == null || !phc.matches() || !"19".equals(phc.group(1))) {
            derive(password, new byte[SALT_BYTES], current, HASH_BYTES); // same cost as a real check
            return false;
        }
        Parameters parameters = new Parameters(Integer.parseInt(phc.group(2)), Integer.parseInt(phc.group(3)),
                                               Integer.parseInt(phc.group(4)));
        byte[] salt = B64_DECODER.decode(phc.group(5));
        byte[] expected = B64_DECODER.decode(phc.group(6));
        return MessageDigest.isEqual(expected, derive(password, salt, parameters, expected.length));
    }

    /** Spends the time of one verification and fails: used when there is no account to check against. */
    public boolean verifyDecoy(String password) {
        verify(password, decoy);
        return false;
    }

    /** Whether a hash that just verified was made with other parameters than today's, and so should be redone. */
    public boolean needsRehash(String stored) {
        Matcher phc = PHC.matcher(stored);
        return !phc.matches()
               || !new Parameters(Integer.parseInt(phc.group(2)), Integer.parseInt(phc.group(3)),
                                  Integer.parseInt(phc.group(4))).equals(current);
    }

    private byte[] derive(String password, byte[] salt, Parameters parameters, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                               .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                               .withMemoryAsKB(parameters.memoryKib)
                               .withIterations(parameters.iterations)
                               .withParallelism(parameters.parallelism)
                               .withSalt(salt)
                               .build());
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length];
        permits.acquireUninterruptibly();
        try {
            generator.generateBytes(secret, out);
        } finally {
            permits.release();
            Arrays.fill(secret, (byte) 0);
        }
        return out;
    }

    private record Parameters(int memoryKib, int iterations, int parallelism) {
    }
}
