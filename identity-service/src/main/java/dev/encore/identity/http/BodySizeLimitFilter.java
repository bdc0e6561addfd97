package dev.encore.identity.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import dev.encore.identity.IdentityConfig;
import dev.encore.support.problem.Problem;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses request bodies over {@code identity.max-body-size} (64 KiB) with 413 problem+json before anything parses
 * them. A declared Content-Length is checked at once; a chunked body is read up to one byte past the limit, which is
 * cheap at this size and the only way to know.
 */
@Provider
@PreMatching
@ApplicationScoped
@Priority(Priorities.ENTITY_CODER)
public class BodySizeLimitFilter implements ContainerRequestFilter {

    @Inject
    IdentityConfig config;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        int limit = config.maxBodySize();
        int declared = request.getLength();
        if (declared > limit) {
            request.abortWith(tooLarge(limit));
            return;
        }
        if (declared >= 0 || !request.hasEntity()) {
            return;
        }
        InputStream body = request.getEntityStream();
        byte[] bytes = body.readNBytes(limit + 1);
        if (bytes.length > limit) {
            request.abortWith(tooLarge(limit));
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(bytes));
    }

    private static Response tooLarge(int limit) {
        return Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                          "The request body is larger than " + limit / 1024 + " KiB.").toResponse();
    }
}
