package dev.encore.support.security;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * identity-service's JWKS, fetched over HTTP on first use and cached.
 *
 * <p>Why not Helidon's own MP-JWT: in 4.1.2 it loads the JWKS once at startup and never again (helidon#1112,
 * helidon#11161), so a key rotation at identity-service would lock every user out until each service restarted, and
 * a service started before identity-service would have no keys at all. Here the set is cached for
 * {@code jwt.jwks.cache-ttl}, refetched at once when a token names a {@code kid} the cache does not know (OIDC Core
 * 10.1.1), and those refetches are rate-limited so a flood of forged kids cannot turn into a flood of JWKS requests.
 */
@ApplicationScoped
public class RemoteVerificationKeys implements VerificationKeys {

    @Inject
    @ConfigProperty(name = "jwt.jwks-url")
    String jwksUrl;

    @Inject
    @ConfigProperty(name = "jwt.jwks.cache-ttl")
    Duration cacheTtl;

    @Inject
    @ConfigProperty(name = "jwt.jwks.timeout")
    Duration timeout;

    private JWKSource<SecurityContext> source;

    @PostConstruct
    void init() {
        URL url;
        try {
            url = URI.create(jwksUrl).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw new IllegalStateException("JWT_JWKS_URL (jwt.jwks-url) is not a valid URL: " + jwksUrl, e);
        }
        int millis = (int) timeout.toMillis();
        source = JWKSourceBuilder.create(url, new DefaultResourceRetriever(millis, millis, 256 * 1024))
                .cache(cacheTtl.toMillis(), millis)
                .rateLimited(10_000)
                .retrying(true)
                .build();
    }

    @Override
    public JWKSource<SecurityContext> source() {
        return source;
    }
}
