package dev.encore.graphql.scheduler;

import java.time.Duration;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The scheduler's configuration ({@code live-events.scheduler.*}), checked at startup. The lease settings bound the
 * hole a dead leader leaves: a survivor takes over at most {@code lease-ttl + renew-interval} after the leader's last
 * renewal, and a leader writes only for half the TTL after its last successful renewal, so it must renew (at
 * {@code renew-interval}) well within that half.
 */
@ApplicationScoped
public class SchedulerSettings {

    @Inject
    @ConfigProperty(name = "live-events.scheduler.enabled")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "live-events.scheduler.tick")
    Duration tick;

    @Inject
    @ConfigProperty(name = "live-events.scheduler.lease-ttl")
    Duration leaseTtl;

    @Inject
    @ConfigProperty(name = "live-events.scheduler.renew-interval")
    Duration renewInterval;

    @PostConstruct
    void check() {
        if (tick.isNegative() || tick.isZero() || renewInterval.isNegative() || renewInterval.isZero()) {
            throw new IllegalStateException("live-events.scheduler.tick and .renew-interval must be positive");
        }
        if (renewInterval.multipliedBy(2).compareTo(leaseTtl.dividedBy(2)) > 0) {
            throw new IllegalStateException("live-events.scheduler.renew-interval (" + renewInterval + ") must be at "
                    + "most a quarter of live-events.scheduler.lease-ttl (" + leaseTtl + "): a leader writes only for "
                    + "half the TTL after a renewal and must get two tries at renewing within it");
        }
    }

    /** Whether this replica contends for the lease at all. */
    public boolean enabled() {
        return enabled;
    }

    /** How often the leader re-reads the events it drives (catch-up); timers are armed two ticks ahead. */
    public Duration tick() {
        return tick;
    }

    /** How long the lease lasts without renewal: a dead leader is replaced within it (plus one renew interval). */
    public Duration leaseTtl() {
        return leaseTtl;
    }

    /** How often every replica renews (leader) or tries to take (others) the lease. */
    public Duration renewInterval() {
        return renewInterval;
    }
}
