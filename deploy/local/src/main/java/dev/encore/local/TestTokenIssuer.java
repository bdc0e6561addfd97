package dev.encore.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in token issuer for service tests: an RSA key whose public half is served as a JWKS over real HTTP, and
 * MP JWT 2.1 access tokens signed with it, valid or deliberately broken. Services under test verify these tokens
 * exactly as they verify identity-service's: by fetching the JWKS.
 */
public final class TestTokenIssuer implements AutoCloseable {

    public static final String AUDIENCE = "encore";
    private static TestTokenIssuer shared;

    private volatile RSAKey key;
    private final RSAKey impostor;
    private final List<RSAKey> published = new ArrayList<>();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final HttpServer server;

    private TestTokenIssuer() {
        try {
            this.key = new RSAKeyGenerator(2048).keyID("test-key").generate();
            // Same kid, different key: what a forger who read the JWKS could sign with.
            this.impostor = new RSAKeyGenerator(2048).keyID("test-key").generate();
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
        published.add(key);
        server.createContext("/.well-known/jwks.json", exchange -> {
            jwksRequests.incrementAndGet();
            byte[] jwks;
            synchronized (published) {
                jwks = new JWKSet(published.stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList())
                        .toString().getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        server.start();
    }

    public static synchronized TestTokenIssuer shared() {
        if (shared == null) {
            shared = new TestTokenIssuer();
        }
        return shared;
    }

    /**
     * Rotates the signing key the way identity-service does: a new key with a new {@code kid} signs from now on, and
     * the old one stays in the JWKS so the tokens it signed keep verifying.
     */
    public String rotateKey() {
        try {
            RSAKey next = new RSAKeyGenerator(2048).keyID("test-key-" + UUID.randomUUID()).generate();
            synchronized (published) {
                published.add(next);
            }
            key = next;
            return next.getKeyID();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many times the JWKS was fetched: verifiers should cache it, and refetch only for an unknown key. */
    public int jwksRequests() {
        return jwksRequests.get();
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwksUrl() {
        return issuer() + "/.well-known/jwks.json";
    }

    /** A valid 15-minute access token for {@code userId} with these roles (the {@code groups} claim). */
    public String token(String userId, String... roles) {
        return sign(key, claims(userId, List.of(roles), issuer(), AUDIENCE, Instant.now().plus(Duration.ofMinutes(15))));
    }

    public String expiredToken(String userId, String... roles) {
        return sign(key, claims(userId, List.of(roles), issuer(), AUDIENCE, Instant.now().minus(Duration.ofMinutes(5))));
    }

    /** Signed by the trusted key, but without the {@code exp} claim every access token must have. */
    public String tokenWithoutExpiry(String userId, String... roles) {
        JWTClaimsSet valid = claims(userId, List.of(roles), issuer(), AUDIENCE, Instant.now().plus(Duration.ofMinutes(15)));
        return sign(key, new JWTClaimsSet.Builder(valid).expirationTime(null).build());
    }

    public String forgedToken(String userId, String... roles) {
        return sign(impostor, claims(userId, List.of(roles), issuer(), AUDIENCE,
                Instant.now().plus(Duration.ofMinutes(15))));
    }

    public String tokenFromIssuer(String otherIssuer, String userId, String... roles) {
        return sign(key, claims(userId, List.of(roles), otherIssuer, AUDIENCE, Instant.now().plus(Duration.ofMinutes(15))));
    }

    public String tokenForAudience(String otherAudience, String userId, String... roles) {
        return sign(key, claims(userId, List.of(roles), issuer(), otherAudience,
                Instant.now().plus(Duration.ofMinutes(15))));
    }

    private static JWTClaimsSet claims(String userId, List<String> roles, String issuer, String audience, Instant expiry) {
        Instant issuedAt = expiry.minus(Duration.ofMinutes(15));
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(userId)
                .claim("upn", userId + "@test.local")
                .claim("groups", roles)
                .audience(audience)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString())
                .build();
    }

    private static String sign(RSAKey signingKey, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                                                  .keyID(signingKey.getKeyID())
                                                  .type(JOSEObjectType.JWT)
                                                  .build(), claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
