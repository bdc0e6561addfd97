package dev.encore.identity.refresh;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import dev.encore.identity.IdentityConfig;
import dev.encore.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Refresh tokens: opaque 256-bit random strings, one family (session) per login, rotated on every use.
 *
 * <ul>
 *     <li>Rotation is a compare-and-set on the token's state, so two refreshes of one token cannot both win it.</li>
 *     <li>A token presented after it was rotated is a sign of theft: the whole family is revoked (the thief's and the
 *     owner's copies alike), but none of the user's other sessions.</li>
 *     <li>Except within {@code identity.refresh-token.reuse-grace} of the rotation: two browser tabs refreshing at
 *     once are not a theft, so the late one gets a sibling token in the same family.</li>
 * </ul>
 */
@ApplicationScoped
public class RefreshTokenService {

    private static final System.Logger LOG = System.getLogger(RefreshTokenService.class.getName());
    private static final int TOKEN_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    @Inject
    IdentityConfig config;

    @Inject
    RefreshTokenRepository repository;

    @Inject
    MetricRegistry metrics;

    /** The result of a refresh: whose session it is, and the token that replaces the one presented. */
    public record Rotation(String userId, String familyId, String refreshToken) {

        @Override
        public String toString() {
            return "Rotation[userId=" + userId + ", familyId=" + familyId + "]";
        }
    }

    /** Opens a session (a new family) for a user who just logged in, and returns its first refresh token. */
    public String start(String userId) {
        Instant now = now();
        SessionFamilyDocument family = new SessionFamilyDocument(UUID.randomUUID().toString(), userId, now,
                                                                 now.plus(config.refreshTokenTtl()), null, null, null);
        repository.ensureIndexes();
        repository.insertFamily(family);
        return mint(family.id(), userId, now);
    }

    /** Exchanges a refresh token for a new one; 401 when it is unknown, expired, revoked or reused. */
    public Rotation rotate(String presented) {
        Instant now = now();
        String hash = hash(presented);
        RefreshTokenDocument won = repository.markRotated(hash, now);
        if (won != null) {
            return continueFamily(won, hash, now);
        }
        RefreshTokenDocument token = repository.findToken(hash);
        if (token == null || !token.expiresAt().isAfter(now)) {
            throw refused("The refresh token is invalid or has expired; sign in again.");
        }
        if (token.rotatedAt() != null && withinGrace(token.rotatedAt(), now, config.refreshReuseGrace())) {
            return continueFamily(token, null, now); // a concurrent refresh from another tab
        }
        repository.revokeFamily(token.familyId(), now, "reuse", hash);
        metrics.counter("encore.identity.refresh.reuse-detected").inc();
        LOG.log(Level.WARNING, "refresh token reuse detected: session " + token.familyId() + " of user "
                               + token.userId() + " revoked");
        throw refused("This refresh token was already used; the session has been ended. Sign in again.");
    }

    /** Ends the session the token belongs to; an unknown token is ignored (logout is idempotent). */
    public void revoke(String presented) {
        RefreshTokenDocument token = repository.findToken(hash(presented));
        if (token != null) {
            repository.revokeFamily(token.familyId(), now(), "logout", null);
        }
    }

    /** Ends every session of the user, for example when the account is deleted. */
    public void endAllSessions(String userId, String reason) {
        repository.revokeFamiliesOf(userId, now(), reason);
    }

    /**
     * Whether a reuse at {@code now} is within the grace period of the rotation. A request that read its clock
     * before the winner did has {@code now} earlier than {@code rotatedAt}: its age counts as zero, so a zero grace
     * period still means no sibling at all.
     */
    static boolean withinGrace(Instant rotatedAt, Instant now, Duration grace) {
        Duration age = now.isAfter(rotatedAt) ? Duration.between(rotatedAt, now) : Duration.ZERO;
        return age.compareTo(grace) < 0;
    }

    /** @param wonHash the hash of the token this request just rotated, or {@code null} for a grace-period sibling */
    private Rotation continueFamily(RefreshTokenDocument previous, String wonHash, Instant now) {
        SessionFamilyDocument family = repository.findFamily(previous.familyId());
        if (family == null || !family.usableBy(wonHash, now)) {
            throw refused("This session has ended; sign in again.");
        }
        String next = mint(family.id(), previous.userId(), now);
        return new Rotation(previous.userId(), family.id(), next);
    }

    private String mint(String familyId, String userId, Instant now) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = now.plus(config.refreshTokenTtl());
        repository.insertToken(new RefreshTokenDocument(hash(token), familyId, userId,
                                                        RefreshTokenDocument.State.ACTIVE, now, null, expiresAt));
        repository.extendFamily(familyId, expiresAt);
        return token;
    }

    /**
     * SHA-256, not a password hash: the token has 256 bits of entropy, so there is nothing to brute-force, and a
     * lookup by hash must stay cheap.
     */
    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static ProblemException refused(String detail) {
        return ProblemException.of(Response.Status.UNAUTHORIZED, detail);
    }
}
