package dev.encore.support.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import dev.encore.support.problem.Problem;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses a request that presents a bearer token which failed verification.
 *
 * <p>MicroProfile JWT authenticates optionally on endpoints open to anonymous callers, and a token with a forged
 * signature, an expired one or one for another issuer or audience then silently becomes "anonymous". A client that
 * sent a token expects it to count, so such a request is a 401 here on every endpoint, public or not.
 * Runs after Helidon's security filter (which has {@link Priorities#AUTHENTICATION}).
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION + 10)
public class InvalidTokenFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return;
        }
        // Anonymous callers get a non-null placeholder principal from Helidon: only a verified JWT counts.
        if (request.getSecurityContext() == null
                || !(request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken)) {
            request.abortWith(Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED,
                                    "The bearer token is invalid, expired, or not meant for this service.")
                                                            .toResponse())
                                      .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                                      .build());
        }
    }
}
