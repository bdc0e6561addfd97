package dev.encore.support.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import dev.encore.support.problem.Problem;
import dev.encore.support.problem.ProblemException;
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
 * A request body must keep arriving: it gets {@code encore.request-body.timeout} plus one second for every
 * {@code encore.request-body.min-rate} bytes received (Apache's mod_reqtimeout rule, {@code body=20,MinRate=500}).
 * Past that, 408 problem+json and the connection is closed. A body sent at 1 byte/s (slowloris) is cut off after the
 * timeout; a 100 MB upload at any honest speed never meets it.
 *
 * <p>Why not a socket read timeout alone: it bounds the wait for each read, and a body trickling a byte a second
 * never makes one read wait long (measured: held open 45 s and counting). The socket's own read timeout
 * ({@code server.connection-options.read-timeout}) still ends a body that stops altogether.
 *
 * <p>Runs before {@link BodySizeLimitFilter}, which may read a chunked body while filtering.
 */
@Provider
@PreMatching
@ApplicationScoped
@Priority(Priorities.ENTITY_CODER - 100)
public class RequestBodyDeadline implements ContainerRequestFilter {

    @Inject
    @ConfigProperty(name = "encore.request-body.timeout", defaultValue = "PT20S")
    Duration timeout;

    @Inject
    @ConfigProperty(name = "encore.request-body.min-rate", defaultValue = "500")
    long minRate;

    @PostConstruct
    void validate() {
        if (timeout.isNegative() || timeout.isZero() || minRate < 1) {
            throw new IllegalStateException("encore.request-body.timeout must be positive and "
                                            + "encore.request-body.min-rate at least 1 byte/s; got " + timeout
                                            + " and " + minRate);
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.hasEntity()) {
            request.setEntityStream(new Deadline(request.getEntityStream(), System.nanoTime(), timeout, minRate));
        }
    }

    /** The request body did not arrive fast enough. */
    public static final class TooSlowException extends ProblemException {

        TooSlowException(Duration timeout, long minRate) {
            this(Problem.of(Response.Status.REQUEST_TIMEOUT, "The request body arrived too slowly: it must arrive "
                    + "within " + timeout.toSeconds() + " s, plus 1 s for every " + minRate + " bytes."));
        }

        private TooSlowException(Problem problem) {
            super(problem, Response.fromResponse(problem.toResponse()).header("Connection", "close").build());
        }
    }

    static final class Deadline extends FilterInputStream {

        private final long startNanos;
        private final Duration timeout;
        private final long minRate;
        private long received;

        Deadline(InputStream body, long startNanos, Duration timeout, long minRate) {
            super(body);
            this.startNanos = startNanos;
            this.timeout = timeout;
            this.minRate = minRate;
        }

        @Override
        public int read() throws IOException {
            check();
            int b = super.read();
            if (b >= 0) {
                received++;
            }
            check();
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check();
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                received += n;
            }
            check();
            return n;
        }

        private void check() {
            long allowedNanos = timeout.toNanos() + received * 1_000_000_000L / minRate;
            if (System.nanoTime() - startNanos > allowedNanos) {
                throw new TooSlowException(timeout, minRate);
            }
        }
    }
}
