package dev.encore.graphql.http;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Repairs the {@code Content-Type: application/json, application/json} that the bundled GraphiQL page sends from a
 * real browser (its default headers and its fetcher both set the header, and the browser joins them). Jersey
 * refuses such a header with 400 before any resource runs, so this runs before matching and keeps the first value.
 */
@Provider
@PreMatching
@Priority(1)
@ApplicationScoped
public class ContentTypeRepairFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.indexOf(',') > 0 && request.getUriInfo().getPath().startsWith("graphql")) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, contentType.substring(0, contentType.indexOf(',')).trim());
        }
    }
}
