package dev.encore.support.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.encore.support.problem.Problem;
import dev.encore.support.problem.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
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
 * <p>Two ways a body can be too slow. Trickling: every read returns a little, and the deadline is checked after
 * each, so the client gets its 408. Stalled: one read blocks and never returns. Helidon 4.1.2 applies no read timeout
 * to the server's sockets (measured: {@code server.connection-options.read-timeout=PT3S} left a stalled body hanging
 * 90 s), so a watchdog stands in for one: a read blocked for {@code encore.request-body.timeout} gets its thread
 * interrupted, which on a virtual thread (what Helidon 4 runs requests on) closes the socket; there is no answer, as
 * with any read timeout. The interrupt only ever hits a thread inside {@link Deadline#read}, which clears the flag
 * before it returns.
 *
 * <p>Runs before {@link BodySizeLimitFilter}, which may read a chunked body while filtering. Routes that read their
 * bodies without JAX-RS apply the same rule with {@link #guard}.
 */
@Provider
@PreMatching
@ApplicationScoped
@Priority(Priorities.ENTITY_CODER - 100)
public class RequestBodyDeadline implements ContainerRequestFilter {

    @Inject
    @ConfigProperty(name = "encore.request-body.timeout")
    Duration timeout;

    @Inject
    @ConfigProperty(name = "encore.request-body.min-rate")
    long minRate;

    private ScheduledThreadPoolExecutor watchdog;

    @PostConstruct
    void start() {
        if (timeout.isNegative() || timeout.isZero() || minRate < 1) {
            throw new IllegalStateException("encore.request-body.timeout must be positive and "
                                            + "encore.request-body.min-rate at least 1 byte/s; got " + timeout
                                            + " and " + minRate);
        }
        watchdog = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("request-body-watchdog")
                .factory());
        watchdog.setRemoveOnCancelPolicy(true);
    }

    @PreDestroy
    void stop() {
        watchdog.shutdownNow();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.hasEntity()) {
            request.setEntityStream(guard(request.getEntityStream()));
        }
    }

    /**
     * The body, read under this deadline from now on: for a route that reads its body without JAX-RS. A read past
     * the deadline throws {@link TooSlowException} (answer it with its problem and {@code Connection: close}).
     */
    public InputStream guard(InputStream body) {
        return new Deadline(body, System.nanoTime(), timeout, minRate, watchdog);
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
        private final ScheduledExecutorService watchdog;
        private long received;
        // Guarded by this: the thread blocked in read(), whether the watchdog interrupted it, its pending check.
        private Thread reading;
        private long readingSinceNanos;
        private boolean interrupted;
        private ScheduledFuture<?> check;
        private boolean done;

        Deadline(InputStream body, long startNanos, Duration timeout, long minRate, ScheduledExecutorService watchdog) {
            super(body);
            this.startNanos = startNanos;
            this.timeout = timeout;
            this.minRate = minRate;
            this.watchdog = watchdog;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            enter();
            int n = -1;
            try {
                n = super.read(buffer, offset, length);
                return n;
            } finally {
                leave(n);
            }
        }

        @Override
        public void close() throws IOException {
            synchronized (this) {
                finish();
            }
            super.close();
        }

        private synchronized void enter() {
            if (overdue(System.nanoTime())) {
                throw new TooSlowException(timeout, minRate);
            }
            reading = Thread.currentThread();
            readingSinceNanos = System.nanoTime();
            if (check == null && !done) {
                arm();
            }
        }

        private synchronized void leave(int n) {
            reading = null;
            if (interrupted) {
                Thread.interrupted(); // ours: never let it reach code after this read
                finish();
                throw new TooSlowException(timeout, minRate);
            }
            if (n > 0) {
                received += n;
            } else if (n < 0) {
                finish();
            }
            if (overdue(System.nanoTime())) {
                throw new TooSlowException(timeout, minRate);
            }
        }

        private void arm() {
            long delay = Math.max(1, readingSinceNanos + timeout.toNanos() - System.nanoTime());
            check = watchdog.schedule(this::watch, delay, TimeUnit.NANOSECONDS);
        }

        /** On the watchdog thread: interrupt a read blocked for the whole timeout; else check that read later. */
        private synchronized void watch() {
            check = null;
            if (done || reading == null) {
                return; // not blocked on us now; the next read arms a check again
            }
            if (System.nanoTime() - readingSinceNanos >= timeout.toNanos()) {
                interrupted = true;
                reading.interrupt();
            } else {
                arm();
            }
        }

        private void finish() {
            done = true;
            if (check != null) {
                check.cancel(false);
                check = null;
            }
        }

        private long allowedNanos() {
            return timeout.toNanos() + received * 1_000_000_000L / minRate;
        }

        private boolean overdue(long now) {
            return now - startNanos > allowedNanos();
        }
    }
}
