package dev.encore.support.problem;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives a problem+json body to error responses that have none, such as the 401 and 403 that Helidon's security
 * layer answers before any resource runs, so a client sees one error format everywhere. A 401 also gets the
 * {@code WWW-Authenticate} challenge RFC 6750 asks for.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.HEADER_DECORATOR)
public class BodilessErrorFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400) {
            return;
        }
        if (status == 401 && response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE) == null) {
            String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
            response.getHeaders().putSingle(HttpHeaders.WWW_AUTHENTICATE, authorization == null
                    ? "Bearer realm=\"encore\""
                    : "Bearer realm=\"encore\", error=\"invalid_token\"");
        }
        if (status == 404 && request.getUriInfo().getMatchedResources().isEmpty()) {
            return; // not ours: Helidon routes it on (see WebApplicationExceptionMapper)
        }
        if (!response.hasEntity() && !"HEAD".equals(request.getMethod())) {
            Response.StatusType statusInfo = response.getStatusInfo();
            response.setEntity(Problem.of(statusInfo, WebApplicationExceptionMapper.detailFor(status)),
                               null, Problem.PROBLEM_JSON);
        }
    }
}
