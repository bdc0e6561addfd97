package dev.encore.support.security;

import java.text.ParseException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Verifies access tokens the way MicroProfile JWT 2.1 specifies (RS256 or ES256 signature from the JWKS, {@code iss}
 * equal to {@code jwt.issuer}, {@code aud} containing {@code jwt.audience}, {@code exp} in the future within
 * {@code jwt.clock-skew}) for every entry point: the JAX-RS filter, GraphQL over WebSocket and chat sockets.
 */
@ApplicationScoped
public class TokenVerifier {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    @Inject
    VerificationKeys keys;

    @Inject
    MetricRegistry metrics;

    @Inject
    @ConfigProperty(name = "jwt.issuer")
    String issuer;

    @Inject
    @ConfigProperty(name = "jwt.audience")
    String audience;

    @Inject
    @ConfigProperty(name = "jwt.clock-skew")
    Duration clockSkew;

    private DefaultJWTProcessor<SecurityContext> processor;

    @PostConstruct
    void init() {
        // Mutable sets on purpose: nimbus probes them with contains(null), which Set.of(...) rejects.
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                new HashSet<>(Set.of(audience)),
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                new HashSet<>(Set.of("sub", "exp", "iat")),
                new HashSet<>());
        claims.setMaxClockSkew((int) clockSkew.toSeconds());
        processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys.source()));
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * @param token the compact JWT, without the {@code Bearer } prefix
     * @return the verified token
     * @throws InvalidTokenException     the token is malformed, forged, expired or meant for someone else
     * @throws KeysUnavailableException the JWKS could not be fetched, so the token could not be checked at all
     */
    public AccessToken verify(String token) throws InvalidTokenException, KeysUnavailableException {
        try {
            return AccessToken.of(token, processor.process(token, null));
        } catch (KeySourceException e) {
            rejected("keys-unavailable");
            throw new KeysUnavailableException(e);
        } catch (ParseException e) {
            throw invalid("malformed", "The token is not a well-formed JWT.", e);
        } catch (BadJWTException e) {
            throw invalid(claimsReason(e), claimsDetail(e), e);
        } catch (BadJWSException e) {
            throw invalid("signature", "The token signature does not verify.", e);
        } catch (BadJOSEException | JOSEException e) {
            throw invalid("signature", "The token is not signed with a key this service trusts.", e);
        }
    }

    private InvalidTokenException invalid(String reason, String detail, Exception cause) {
        rejected(reason);
        return new InvalidTokenException(detail, cause);
    }

    private void rejected(String reason) {
        metrics.counter("encore.tokens.rejected", new Tag("reason", reason)).inc();
    }

    private static String claimsReason(BadJWTException e) {
        String message = String.valueOf(e.getMessage());
        // Missing claims first: nimbus says "JWT missing required claims: [exp]", and "missing" contains "iss".
        if (message.startsWith("JWT missing required claims")) {
            return "missing-claims";
        }
        if (message.startsWith("Expired")) {
            return "expired";
        }
        if (message.contains("audience")) {
            return "audience";
        }
        if (message.contains("iss")) {
            return "issuer";
        }
        return "claims";
    }

    private static String claimsDetail(BadJWTException e) {
        return switch (claimsReason(e)) {
            case "missing-claims" -> missingClaimsDetail(String.valueOf(e.getMessage()));
            case "expired" -> "The token has expired.";
            case "audience" -> "The token is not meant for this audience.";
            case "issuer" -> "The token comes from an issuer this service does not trust.";
            default -> "The token lacks a required claim or is not yet valid.";
        };
    }

    /** Names the required claims the token lacks, most telling first: expiry, subject, issue time. */
    private static String missingClaimsDetail(String message) {
        String claims = message.substring(message.indexOf(':') + 1);
        if (claims.contains("exp")) {
            return "The token has no expiry (exp).";
        }
        if (claims.contains("sub")) {
            return "The token has no subject (sub).";
        }
        if (claims.contains("iat")) {
            return "The token has no issue time (iat).";
        }
        return "The token lacks a required claim.";
    }
}
