package dev.encore.support.http;

import java.io.IOException;
import java.io.InputStream;

import dev.encore.support.problem.Problem;
import dev.encore.support.problem.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The request body limit, {@code encore.max-body-size} bytes ({@code ENCORE_MAX_BODY_SIZE}; {@code 0}: none), for
 * {@link BodySizeLimitFilter} (JAX-RS) and for plain Helidon routes that read their bodies themselves: a declared
 * {@code Content-Length} over it is refused at once, a chunked body is read up to one byte past it, which is cheap at
 * the sizes this is meant for and the only way to know.
 */
@ApplicationScoped
public class BodySizeLimit {

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

    public boolean enabled() {
        return limit > 0;
    }

    /** Whether a declared length is over the limit (a negative one, no declaration, never is). */
    public boolean exceededBy(long declaredLength) {
        return enabled() && declaredLength > limit;
    }

    /**
     * Reads a whole body: {@code declaredLength} bytes when declared (and within the limit), else up to the limit
     * (without a limit: up to the largest array).
     *
     * @param declaredLength the {@code Content-Length}, or {@code -1} for a chunked body
     * @throws TooLargeException when the body is over the limit
     */
    public byte[] read(InputStream body, long declaredLength) throws IOException {
        long max = enabled() ? limit : MAX_LIMIT;
        if (declaredLength > max) {
            throw new TooLargeException(max);
        }
        if (declaredLength >= 0) {
            return body.readNBytes((int) declaredLength);
        }
        byte[] bytes = body.readNBytes((int) max + 1);
        if (bytes.length > max) {
            throw new TooLargeException(max);
        }
        return bytes;
    }

    public TooLargeException tooLarge() {
        return new TooLargeException(limit);
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

    /** The request body is over the limit: 413. */
    public static final class TooLargeException extends ProblemException {

        TooLargeException(long limit) {
            super(Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                             "The request body is larger than " + describe(limit) + "."));
        }
    }
}
