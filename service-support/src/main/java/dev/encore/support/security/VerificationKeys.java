package dev.encore.support.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * Where the public keys that verify access tokens come from. Every service fetches identity-service's JWKS
 * ({@link RemoteVerificationKeys}); identity-service replaces this bean with its own key store, so it verifies the
 * tokens it issues without calling itself.
 */
public interface VerificationKeys {

    JWKSource<SecurityContext> source();
}
