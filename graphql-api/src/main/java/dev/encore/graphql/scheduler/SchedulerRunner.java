package dev.encore.graphql.scheduler;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.encore.graphql.liveevent.LiveEventRepository;
import dev.encore.graphql.liveevent.LiveEventService;
import io.helidon.scheduling.FixedRate;
import io.helidon.scheduling.Scheduling;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Starts this replica's contender for the {@code live-events} lease: a helidon-scheduling fixed-rate beat every
 * {@code renew-interval} (lease renewal or takeover; the catch-up scan and the arming of timers once a tick) plus a
 * timer thread for the precise transitions. Every replica runs one; the lease makes one of them the leader. Exposes
 * {@code encore.live_events.leader} (1 on the leader).
 */
@ApplicationScoped
public class SchedulerRunner {

    private static final System.Logger LOG = System.getLogger(SchedulerRunner.class.getName());
    public static final String LEASE = "live-events";
    /** 1 while this replica holds the lease, else 0. */
    public static final String LEADER = "encore.live_events.leader";

    @Inject
    LeaseRepository leases;

    @Inject
    LiveEventRepository events;

    @Inject
    LiveEventService service;

    @Inject
    Clock clock;

    @Inject
    SchedulerSettings settings;

    @Inject
    MetricRegistry metrics;

    private ScheduledExecutorService executor;
    private LiveEventScheduler scheduler;

    void start(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        if (!settings.enabled()) {
            return;
        }
        executor = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name("live-events-", 0).factory());
        String owner = hostname() + "-" + UUID.randomUUID();
        scheduler = create(owner, executor);
        metrics.gauge(LEADER, () -> scheduler.leading() ? 1 : 0);
        FixedRate task = Scheduling.fixedRate()
                .delay(settings.renewInterval().toMillis())
                .initialDelay(0)
                .timeUnit(TimeUnit.MILLISECONDS)
                .executor(executor)
                .task(invocation -> scheduler.renew())
                .build();
        LOG.log(Level.INFO, "Live event scheduler " + owner + ": lease TTL " + settings.leaseTtl() + ", renewed every "
                            + settings.renewInterval() + ", events re-read every " + settings.tick() + " ("
                            + task.description() + ")");
    }

    /** A scheduler contending for the lease as {@code owner} (tests make several, each its own replica). */
    public LiveEventScheduler create(String owner, ScheduledExecutorService timers) {
        return new LiveEventScheduler(new Lease(leases, LEASE, owner, settings.leaseTtl(), clock), events, service,
                clock, settings.tick(), timers, metrics);
    }

    private static String hostname() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "graphql-api" : host;
    }

    @PreDestroy
    void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler.stop();
            try {
                scheduler.lease().release();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "Could not release the lease: " + e);
            }
        }
    }
}
