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
    TokenVerifier verifier;

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
        String value = authorization.trim();
        // HTTP strips trailing whitespace from header values, so "Bearer " arrives as "Bearer".
        if (value.equalsIgnoreCase("Bearer")) {
            request.abortWith(unauthorized("The Authorization header names the Bearer scheme but carries no token."));
            return;
        }
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            request.abortWith(unauthorized("Only Bearer tokens are accepted in the Authorization header."));
            return;
        }
        try {
            AccessToken token = verifier.verify(value.substring(7).trim());
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

    private static boolean ignoresToken(ContainerRequestContext request) {
        if (!(request.getUriInfo() instanceof ExtendedUriInfo uri) || uri.getMatchedResourceMethod() == null) {
            return false;
        }
        Invocable invocable = uri.getMatchedResourceMethod().getInvocable();
        return invocable.getDefinitionMethod().isAnnotationPresent(IgnoresBearerToken.class)
               || invocable.getHandler().getHandlerClass().isAnnotationPresent(IgnoresBearerToken.class);
    }

    static Response unauthorized(String detail) {
        return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED, detail).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE,
                        "Bearer realm=\"encore\", error=\"invalid_token\", error_description=\"" + detail + "\"")
                .build();
    }
}
