package dev.encore.support.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * before it returns. The watchdog knows a body only while one of its reads is under way (see {@link Watchdog}).
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

    private Watchdog watchdog;

    @PostConstruct
    void start() {
        if (timeout.isNegative() || timeout.isZero() || minRate < 1) {
            throw new IllegalStateException("encore.request-body.timeout must be positive and "
                                            + "encore.request-body.min-rate at least 1 byte/s; got " + timeout
                                            + " and " + minRate);
        }
        watchdog = new Watchdog(timeout);
    }

    @PreDestroy
    void stop() {
        watchdog.close();
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

    /**
     * The reads under way, and one platform thread that looks at them every {@link #period(Duration) period} (a
     * second at the default timeout) and interrupts those blocked for the whole timeout, so a stalled read is cut off
     * between the timeout and the timeout plus that period. A body is known here only while one of its reads is under
     * way: nothing of a request stays behind once its reads have returned, however the resource ended with its body.
     * (One check scheduled per body, cancelled at its end of stream or close, kept every body read to its declared
     * length and never closed, as {@code POST /graphql} reads it, with its request's headers and buffers, for the
     * whole timeout: at 12,000 requests/s some 250 MB of a 384 MB heap, and full collections of 250 to 530 ms.)
     */
    static final class Watchdog implements AutoCloseable {

        private final Set<Deadline> reading = ConcurrentHashMap.newKeySet();
        private final ScheduledExecutorService timer;

        Watchdog(Duration timeout) {
            timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("request-body-watchdog").factory());
            long period = period(timeout).toNanos();
            timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.NANOSECONDS);
        }

        /** A quarter of the timeout, at most a second and at least 10 ms. */
        static Duration period(Duration timeout) {
            Duration quarter = timeout.dividedBy(4);
            return quarter.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1)
                    : quarter.compareTo(Duration.ofMillis(10)) < 0 ? Duration.ofMillis(10) : quarter;
        }

        void reading(Deadline body) {
            reading.add(body);
        }

        void done(Deadline body) {
            reading.remove(body);
        }

        /** The bodies with a read under way now (for tests). */
        int watched() {
            return reading.size();
        }

        private void sweep() {
            long now = System.nanoTime();
            for (Deadline body : reading) {
                body.watch(now);
            }
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    static final class Deadline extends FilterInputStream {

        private final long startNanos;
        private final Duration timeout;
        private final long minRate;
        private final Watchdog watchdog;
        private long received;
        // Guarded by this: the thread blocked in read(), and whether the watchdog interrupted it.
        private Thread reading;
        private long readingSinceNanos;
        private boolean interrupted;

        Deadline(InputStream body, long startNanos, Duration timeout, long minRate, Watchdog watchdog) {
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

        private synchronized void enter() {
            if (overdue(System.nanoTime())) {
                throw new TooSlowException(timeout, minRate);
            }
            reading = Thread.currentThread();
            readingSinceNanos = System.nanoTime();
            watchdog.reading(this);
        }

        private synchronized void leave(int n) {
            reading = null;
            watchdog.done(this);
            if (interrupted) {
                Thread.interrupted(); // ours: never let it reach code after this read
                throw new TooSlowException(timeout, minRate);
            }
            if (n > 0) {
                received += n;
            }
            if (overdue(System.nanoTime())) {
                throw new TooSlowException(timeout, minRate);
            }
        }

        /** On the watchdog thread: interrupt a read blocked for the whole timeout. */
        synchronized void watch(long now) {
            if (reading != null && !interrupted && now - readingSinceNanos >= timeout.toNanos()) {
                interrupted = true;
                reading.interrupt();
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
