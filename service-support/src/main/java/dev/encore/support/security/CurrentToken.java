package dev.encore.support.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller's verified token for the current HTTP request, set by {@link BearerTokenFilter}. Resources may
 * {@code @Inject JsonWebToken} (MP JWT style) or read {@code SecurityContext.getUserPrincipal()}; both see the same.
 */
@RequestScoped
public class CurrentToken {

    private AccessToken token;

    void set(AccessToken token) {
        this.token = token;
    }

    /** The verified token, or {@code null} for an anonymous request. */
    public AccessToken get() {
        return token;
    }

    /** MP JWT injection; an anonymous caller gets a token with no claims (the spec's behaviour). */
    @Produces
    @RequestScoped
    JsonWebToken jsonWebToken() {
        return token != null ? token : AccessToken.of(null, new com.nimbusds.jwt.JWTClaimsSet.Builder().build());
    }
}
