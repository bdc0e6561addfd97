package dev.encore.graphql.scheduler;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts this replica's contender for the {@code live-events} lease: a helidon-scheduling fixed-rate tick (the
 * coarse beat: lease renewal, catch-up, arming timers) plus a timer thread for the precise transitions. Every
 * replica runs one; the lease makes one of them the leader.
 */
@ApplicationScoped
public class SchedulerRunner {

    private static final System.Logger LOG = System.getLogger(SchedulerRunner.class.getName());
    public static final String LEASE = "live-events";

    @Inject
    LeaseRepository leases;

    @Inject
    LiveEventRepository events;

    @Inject
    LiveEventService service;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "live-events.scheduler.enabled")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "live-events.scheduler.tick")
    Duration tick;

    @Inject
    @ConfigProperty(name = "live-events.scheduler.lease-ttl")
    Duration leaseTtl;

    private ScheduledExecutorService executor;
    private LiveEventScheduler scheduler;

    void start(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        if (!enabled) {
            return;
        }
        executor = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name("live-events-", 0).factory());
        String owner = hostname() + "-" + UUID.randomUUID();
        scheduler = create(owner, executor);
        FixedRate task = Scheduling.fixedRate()
                .delay(tick.toMillis())
                .initialDelay(0)
                .timeUnit(TimeUnit.MILLISECONDS)
                .executor(executor)
                .task(invocation -> scheduler.tick())
                .build();
        LOG.log(Level.INFO, "Live event scheduler " + owner + " ticking every " + tick + " (" + task.description()
                            + ")");
    }

    /** A scheduler contending for the lease as {@code owner} (tests make several, each its own replica). */
    public LiveEventScheduler create(String owner, ScheduledExecutorService timers) {
        return new LiveEventScheduler(new Lease(leases, LEASE, owner, leaseTtl, clock), events, service, clock,
                tick.multipliedBy(2), timers);
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
