package dev.encore.support.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import dev.encore.support.problem.Problem;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses JAX-RS request bodies over {@code encore.max-body-size} bytes ({@code ENCORE_MAX_BODY_SIZE}) with 413
 * problem+json before anything parses them, so an anonymous client cannot make a service hold a huge body in memory.
 * A declared Content-Length is checked at once; a chunked body is read up to one byte past the limit, which is cheap
 * at the sizes this is meant for and the only way to know. {@code 0} turns the filter off, for a service that streams
 * large bodies and enforces its own limit while doing so (media-service's uploads): buffering those would be worse.
 */
@Provider
@PreMatching
@ApplicationScoped
@Priority(Priorities.ENTITY_CODER)
public class BodySizeLimitFilter implements ContainerRequestFilter {

    /** The buffer for a chunked body is an array; this keeps it allocatable. */
    static final long MAX_LIMIT = Integer.MAX_VALUE - 16;

    @Inject
    @ConfigProperty(name = "encore.max-body-size")
    long limit;

    @PostConstruct
    void validate() {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalStateException("ENCORE_MAX_BODY_SIZE (encore.max-body-size) must be a number of bytes "
                                            + "between 0 (no limit) and " + MAX_LIMIT + ", not " + limit + ".");
        }
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (limit == 0) {
            return;
        }
        int max = (int) limit;
        int declared = request.getLength();
        if (declared > max) {
            request.abortWith(tooLarge(max));
            return;
        }
        if (declared >= 0 || !request.hasEntity()) {
            return;
        }
        InputStream body = request.getEntityStream();
        byte[] bytes = body.readNBytes(max + 1);
        if (bytes.length > max) {
            request.abortWith(tooLarge(max));
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(bytes));
    }

    private static Response tooLarge(int limit) {
        return Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                          "The request body is larger than " + describe(limit) + ".").toResponse();
    }

    /** The limit as a person would write it: 64 KiB, 1 MiB, else bytes. */
    static String describe(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }
}
