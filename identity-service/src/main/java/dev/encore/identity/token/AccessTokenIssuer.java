package dev.encore.identity.token;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.encore.identity.IdentityConfig;
import dev.encore.identity.account.AccountDocument;
import dev.encore.identity.key.KeyRing;
import dev.encore.identity.key.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Signs access tokens in MicroProfile JWT 2.1 form: {@code iss}, {@code sub} (the user id), {@code upn} (the email),
 * {@code groups} (the roles), {@code aud}, {@code exp}, {@code iat}, {@code jti}, plus {@code name} (the display
 * name, so chat can show it without asking). The header names the signing key ({@code kid}).
 */
@ApplicationScoped
public class AccessTokenIssuer {

    @Inject
    IdentityConfig config;

    @Inject
    SigningKeys keys;

    /** A token for the account as stored now, so role changes show in the next token. */
    public AccessToken issue(AccountDocument account) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Duration ttl = config.accessTokenTtl();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(config.issuer())
                .subject(account.id())
                .claim("upn", account.email())
                .claim("name", account.displayName())
                .claim("groups", account.roles())
                .audience(config.audience())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        KeyRing ring = keys.current();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(ring.algorithm())
                                              .keyID(ring.kid())
                                              .type(JOSEObjectType.JWT)
                                              .build(), claims);
        try {
            jwt.sign(ring.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with key " + ring.kid() + " failed", e);
        }
        return new AccessToken(jwt.serialize(), ttl);
    }

    /** A signed access token and how long it lives. */
    public record AccessToken(String value, Duration ttl) {

        @Override
        public String toString() {
            return "AccessToken[ttl=" + ttl + "]";
        }
    }
}
