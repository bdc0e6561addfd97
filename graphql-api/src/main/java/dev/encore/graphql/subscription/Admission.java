package dev.encore.graphql.subscription;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * How many WebSocket connections and subscriptions this replica holds at once, and the refusals past its limits. A
 * replica that took every socket offered ran out of heap at about 5,000 listeners and never recovered (issue 17); past
 * the limits a newcomer is refused at once (a socket closes with 1013, a subscribe gets an {@code error} with
 * {@code extensions.code UNAVAILABLE}), so those already served keep their frames and HTTP stays responsive.
 *
 * <p>Metrics: {@code encore.subscriptions.connections} and {@code encore.subscriptions.active} (gauges, with their
 * limits as {@code ...limit}), {@code encore.subscriptions.refused} (counter, tag {@code kind=connection|subscription}).
 */
final class Admission {

    private static final System.Logger LOG = System.getLogger(Admission.class.getName());

    /**
     * What one socket may cost: Helidon's connection (its reader virtual thread and buffers) and ours. Measured by
     * {@code bench/live} (live heap, class histogram): 16 to 24 KB per socket with one shared subscription.
     */
    static final long BYTES_PER_CONNECTION = 24 * 1024;
    /**
     * What one subscription may cost: a private one (its own execution, DataLoader registry and hub buffer) is the
     * dearest; one that joins a shared stream costs far less.
     */
    static final long BYTES_PER_SUBSCRIPTION = 16 * 1024;
    /** The share of the heap subscriptions may take; the rest is for HTTP, caches and garbage between collections. */
    static final double HEAP_SHARE = 0.5;

    private final int maxConnections;
    private final int maxSubscriptions;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final Counter refusedConnections;
    private final Counter refusedSubscriptions;
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - 120_000_000_000L);

    Admission(int maxConnections, int maxSubscriptions, MetricRegistry metrics) {
        this.maxConnections = maxConnections;
        this.maxSubscriptions = maxSubscriptions;
        this.refusedConnections = metrics.counter("encore.subscriptions.refused", new Tag("kind", "connection"));
        this.refusedSubscriptions = metrics.counter("encore.subscriptions.refused", new Tag("kind", "subscription"));
        metrics.gauge("encore.subscriptions.connections", connections, AtomicInteger::get);
        metrics.gauge("encore.subscriptions.active", subscriptions, AtomicInteger::get);
        metrics.gauge("encore.subscriptions.connections.limit", this, admission -> admission.maxConnections);
        metrics.gauge("encore.subscriptions.active.limit", this, admission -> admission.maxSubscriptions);
    }

    /** The default limit of sockets for a heap of {@code maxMemory} bytes. */
    static int connectionsFor(long maxMemory) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) (maxMemory * HEAP_SHARE / BYTES_PER_CONNECTION)));
    }

    /** The default limit of subscriptions for a heap of {@code maxMemory} bytes. */
    static int subscriptionsFor(long maxMemory) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) (maxMemory * HEAP_SHARE / BYTES_PER_SUBSCRIPTION)));
    }

    int maxConnections() {
        return maxConnections;
    }

    int maxSubscriptions() {
        return maxSubscriptions;
    }

    /** Takes a socket's place; false (counted, and logged at most once a minute) when the replica is full. */
    boolean admitConnection() {
        return admit(connections, maxConnections, refusedConnections, "connections");
    }

    void releaseConnection() {
        connections.decrementAndGet();
    }

    /** Takes a subscription's place; false when the replica runs as many as it may. */
    boolean admitSubscription() {
        return admit(subscriptions, maxSubscriptions, refusedSubscriptions, "subscriptions");
    }

    void releaseSubscription() {
        subscriptions.decrementAndGet();
    }

    private boolean admit(AtomicInteger count, int limit, Counter refused, String what) {
        if (count.incrementAndGet() <= limit) {
            return true;
        }
        count.decrementAndGet();
        refused.inc();
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        if (now - last > 60_000_000_000L && lastRefusalLog.compareAndSet(last, now)) {
            LOG.log(Level.WARNING, "Refusing new WebSocket " + what + ": this replica holds its limit of " + limit
                                   + " (see encore.subscriptions.refused)");
        }
        return false;
    }
}
