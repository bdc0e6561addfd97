package dev.encore.support.security;

import dev.encore.support.problem.Problem;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Authenticates every JAX-RS request that carries {@code Authorization: Bearer ...}.
 *
 * <p>A token that is present but does not verify (forged, expired, another issuer or audience, garbage) is a 401 on
 * every endpoint, public ones included: a client that sent a token expects it to count, and quietly treating it as
 * anonymous hides the bug. Whether an endpoint needs a caller at all is {@link RoleCheckFeature}'s business.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    @Inject
    TokenVerifier verifier;

    @Inject
    CurrentToken currentToken;

    @Override
    public void filter(ContainerRequestContext request) {
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            request.setSecurityContext(new TokenSecurityContext(null, secure));
            return;
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            request.abortWith(unauthorized("Only Bearer tokens are accepted in the Authorization header."));
            return;
        }
        try {
            AccessToken token = verifier.verify(authorization.substring(7).trim());
            currentToken.set(token);
            request.setSecurityContext(new TokenSecurityContext(token, secure));
        } catch (InvalidTokenException e) {
            request.abortWith(unauthorized(e.reason()));
        } catch (KeysUnavailableException e) {
            request.abortWith(Response.fromResponse(
                            Problem.of(Response.Status.SERVICE_UNAVAILABLE, e.getMessage()).toResponse())
                                      .header(HttpHeaders.RETRY_AFTER, "5")
                                      .build());
        }
    }

    static Response unauthorized(String detail) {
        return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED, detail).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE,
                        "Bearer realm=\"encore\", error=\"invalid_token\", error_description=\"" + detail + "\"")
                .build();
    }
}
