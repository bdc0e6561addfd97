package dev.encore.support.security;

import dev.encore.support.problem.Problem;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.Invocable;

/**
 * Authenticates every JAX-RS request that carries {@code Authorization: Bearer ...}.
 *
 * <p>A token that is present but does not verify (forged, expired, another issuer or audience, garbage) is a 401 on
 * every endpoint, public ones included: a client that sent a token expects it to count, and quietly treating it as
 * anonymous hides the bug. Whether an endpoint needs a caller at all is {@link RoleCheckFeature}'s business.
 *
 * <p>Two exceptions never look at the header: endpoints marked {@link IgnoresBearerToken} (the token-issuing ones,
 * which must keep working once the client's token has expired) and {@code OPTIONS} requests (RFC 9110 9.3.7: they
 * describe the resource; CORS preflights never carry credentials). Both run anonymous.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    @Inject
    BearerAuthentication authentication;

    @Inject
    CurrentToken currentToken;

    @Override
    public void filter(ContainerRequestContext request) {
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank() || HttpMethod.OPTIONS.equals(request.getMethod())
            || ignoresToken(request)) {
            request.setSecurityContext(new TokenSecurityContext(null, secure));
            return;
        }
        BearerAuthentication.Outcome outcome = authentication.authenticate(authorization);
        if (outcome.refused()) {
            String[] header = outcome.refusalHeader();
            request.abortWith(Response.fromResponse(
                    Problem.of(Response.Status.fromStatusCode(outcome.status()), outcome.detail()).toResponse())
                                      .header(header[0], header[1])
                                      .build());
            return;
        }
        currentToken.set(outcome.token());
        request.setSecurityContext(new TokenSecurityContext(outcome.token(), secure));
    }

    private static boolean ignoresToken(ContainerRequestContext request) {
        if (!(request.getUriInfo() instanceof ExtendedUriInfo uri) || uri.getMatchedResourceMethod() == null) {
            return false;
        }
        Invocable invocable = uri.getMatchedResourceMethod().getInvocable();
        return invocable.getDefinitionMethod().isAnnotationPresent(IgnoresBearerToken.class)
               || invocable.getHandler().getHandlerClass().isAnnotationPresent(IgnoresBearerToken.class);
    }
}
