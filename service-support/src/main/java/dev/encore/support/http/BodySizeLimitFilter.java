package dev.encore.support.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses JAX-RS request bodies over {@code encore.max-body-size} bytes ({@link BodySizeLimit}) with 413 problem+json
 * before anything parses them, so an anonymous client cannot make a service hold a huge body in memory. {@code 0}
 * turns the filter off, for a service that streams large bodies and enforces its own limit while doing so
 * (media-service's uploads): buffering those would be worse.
 */
@Provider
@PreMatching
@ApplicationScoped
@Priority(Priorities.ENTITY_CODER)
public class BodySizeLimitFilter implements ContainerRequestFilter {

    @Inject
    BodySizeLimit limit;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (!limit.enabled()) {
            return;
        }
        int declared = request.getLength();
        if (limit.exceededBy(declared)) {
            request.abortWith(limit.tooLarge().getResponse());
            return;
        }
        if (declared >= 0 || !request.hasEntity()) {
            return;
        }
        try {
            request.setEntityStream(new ByteArrayInputStream(limit.read(request.getEntityStream(), -1)));
        } catch (BodySizeLimit.TooLargeException e) {
            request.abortWith(e.getResponse());
        }
    }
}
