package dev.encore.graphql.security;

import dev.encore.support.security.InvalidTokenException;
import dev.encore.support.security.KeysUnavailableException;
import dev.encore.support.security.TokenVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The {@link Caller} for transports that are not JAX-RS, where {@code BearerTokenFilter} does not run: the
 * WebSocket {@code connection_init} payload's {@code Authorization} value, for instance. Same rule as over HTTP: no
 * value is anonymous, a value that does not verify is refused, never anonymous.
 */
@ApplicationScoped
public class CallerAuthenticator {

    @Inject
    TokenVerifier verifier;

    /**
     * @param authorization {@code "Bearer <jwt>"}, or {@code null}/blank for an anonymous caller
     * @throws InvalidTokenException    the value is not a bearer token, or the token does not verify
     * @throws KeysUnavailableException the signing keys cannot be fetched, so the token cannot be checked now
     */
    public Caller authenticate(String authorization) throws InvalidTokenException, KeysUnavailableException {
        if (authorization == null || authorization.isBlank()) {
            return Caller.ANONYMOUS;
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new InvalidTokenException("Only Bearer tokens are accepted.", null);
        }
        return Caller.of(verifier.verify(authorization.substring(7).trim()));
    }
}
