package dev.encore.identity.key;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.encore.support.security.VerificationKeys;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

/**
 * Replaces service-support's JWKS-over-HTTP key source: identity-service verifies the tokens it issued against its
 * own key store, so it needs no call to itself (which also works before its HTTP port is open, and on a random port
 * in tests), and sees a rotation the moment it happens.
 */
@Alternative
@Priority(10)
@ApplicationScoped
public class IdentityVerificationKeys implements VerificationKeys {

    @Inject
    SigningKeys keys;

    @Override
    public JWKSource<SecurityContext> source() {
        return keys.verificationSource();
    }
}
