package dev.encore.graphql.scheduler;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.encore.graphql.liveevent.LiveEventDocument;
import dev.encore.graphql.liveevent.LiveEventRepository;
import dev.encore.graphql.liveevent.LiveEventService;

/**
 * Drives live events from their schedule in MongoDB. Every {@link #tick} refreshes the lease; the leader then loads
 * the events that are LIVE or start soon, brings each to the state its schedule says it has now (catching up after a
 * restart or a takeover, since that state is computed, not remembered), and arms a precise timer for each transition
 * due before the next tick, so transitions fire within milliseconds of their time rather than at the next tick. Timers
 * are only an optimisation: every step re-reads the event and writes conditionally with the fencing token, so a
 * duplicate, late or stale fire is harmless.
 */
public final class LiveEventScheduler {

    private static final System.Logger LOG = System.getLogger(LiveEventScheduler.class.getName());

    private final Lease lease;
    private final LiveEventRepository repository;
    private final LiveEventService service;
    private final Clock clock;
    private final Duration horizon;
    private final ScheduledExecutorService timers;
    private final Map<String, ScheduledFuture<?>> armed = new ConcurrentHashMap<>();

    /**
     * @param horizon how far ahead to arm timers: more than the tick interval, so no transition falls between ticks
     * @param timers  where precise timers run; null to rely on ticks alone (tests that drive a clock)
     */
    public LiveEventScheduler(Lease lease, LiveEventRepository repository, LiveEventService service, Clock clock,
                              Duration horizon, ScheduledExecutorService timers) {
        this.lease = lease;
        this.repository = repository;
        this.service = service;
        this.clock = clock;
        this.horizon = horizon;
        this.timers = timers;
    }

    public Lease lease() {
        return lease;
    }

    /** One round: refresh the lease and, as leader, bring every active event up to date. True when leader. */
    public synchronized boolean tick() {
        try {
            if (!lease.refresh()) {
                return false;
            }
            Instant now = clock.instant();
            List<LiveEventDocument> active = repository.findActive(now.plus(horizon)).await()
                    .atMost(Duration.ofSeconds(10));
            for (LiveEventDocument event : active) {
                step(event, now);
            }
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Scheduler tick failed; the next one retries: " + e);
            return false;
        }
    }

    private void step(LiveEventDocument event, Instant now) {
        long token = lease.token();
        if (token == 0) {
            return;
        }
        Instant next = service.advance(event, now, token);
        if (next != null && timers != null && next.isBefore(now.plus(horizon))) {
            arm(event.id(), next);
        }
    }

    /** A timer for {@code at} (once per event and instant), which re-reads the event and steps it. */
    private void arm(String eventId, Instant at) {
        long delay = Math.max(0, at.toEpochMilli() - clock.millis());
        ScheduledFuture<?> previous = armed.get(eventId);
        if (previous != null && !previous.isDone() && Math.abs(previous.getDelay(TimeUnit.MILLISECONDS) - delay) < 5) {
            return;
        }
        if (previous != null) {
            previous.cancel(false);
        }
        armed.put(eventId, timers.schedule(() -> fire(eventId), delay, TimeUnit.MILLISECONDS));
    }

    private synchronized void fire(String eventId) {
        try {
            armed.remove(eventId);
            LiveEventDocument event = repository.findById(eventId).await().atMost(Duration.ofSeconds(10));
            if (event != null) {
                step(event, clock.instant());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Timer for live event " + eventId + " failed; the next tick retries: " + e);
        }
    }

    public void stop() {
        armed.values().forEach(timer -> timer.cancel(false));
        armed.clear();
    }
}
