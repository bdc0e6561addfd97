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
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Drives live events from their schedule in MongoDB. Every {@link #renew} (each renew interval) refreshes the lease;
 * the leader then, once a tick (and at once after taking over), loads the events that are LIVE or start soon, brings
 * each to the state its schedule says it has now (catching up after a restart or a takeover, since that state is
 * computed, not remembered), and arms a precise timer for each transition due before the next tick, so transitions
 * fire within milliseconds of their time rather than at the next tick. Timers are only an optimisation: every step
 * re-reads the event and writes conditionally with the fencing token, so a duplicate, late or stale fire is harmless.
 *
 * <p>On taking the lease over, the new leader first claims every SCHEDULED and LIVE event (stamps its token as their
 * fence), so that any write of an earlier leader (paused past its lease, then resumed) is refused by MongoDB from then
 * on; then it catches up, which publishes the song playing now (not the ones that started and ended in the gap).
 */
public final class LiveEventScheduler {

    private static final System.Logger LOG = System.getLogger(LiveEventScheduler.class.getName());

    private final Lease lease;
    private final LiveEventRepository repository;
    private final LiveEventService service;
    private final Clock clock;
    private final Duration tick;
    private final Duration horizon;
    private final ScheduledExecutorService timers;
    private final MetricRegistry metrics;
    private final Map<String, ScheduledFuture<?>> armed = new ConcurrentHashMap<>();
    private volatile boolean leading;
    private boolean claimPending;
    private Instant nextScan = Instant.EPOCH;
    // An outage fails every round (5 a second): its first failure is logged, then one summary a minute, then the end.
    private long failedRounds;
    private Instant lastFailureLog = Instant.EPOCH;

    /** Times this replica took the lease over (a new, larger fencing token). */
    public static final String TAKEOVERS = "encore.live_events.lease.takeovers";
    /** Times this replica found it had lost the lease it held (it was paused or cut off past the TTL). */
    public static final String LOST = "encore.live_events.lease.lost";
    /** Rounds that failed (MongoDB unreachable, mostly); each is retried by the next. */
    public static final String FAILED_ROUNDS = "encore.live_events.rounds.failed";
    private static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

    /**
     * @param tick   how often the leader re-reads its events; timers are armed two ticks ahead, so no transition falls
     *               between scans
     * @param timers where precise timers run; null to rely on ticks alone (tests that drive a clock)
     */
    public LiveEventScheduler(Lease lease, LiveEventRepository repository, LiveEventService service, Clock clock,
                              Duration tick, ScheduledExecutorService timers, MetricRegistry metrics) {
        this.lease = lease;
        this.repository = repository;
        this.service = service;
        this.clock = clock;
        this.tick = tick;
        this.horizon = tick.multipliedBy(2);
        this.timers = timers;
        this.metrics = metrics;
    }

    public Lease lease() {
        return lease;
    }

    /** Whether the last refresh left this replica holding the lease. */
    public boolean leading() {
        return leading;
    }

    /** One full round: refresh the lease and, as leader, bring every active event up to date. True when leader. */
    public synchronized boolean tick() {
        return round(true);
    }

    /**
     * The frequent beat: refresh the lease; as leader, bring every active event up to date when a tick has passed
     * since the last time, or at once after taking the lease over. True when leader.
     */
    public synchronized boolean renew() {
        return round(false);
    }

    private boolean round(boolean scan) {
        try {
            Lease.Standing standing = lease.refresh();
            leading = standing.leads();
            switch (standing) {
                case TOOK_OVER -> {
                    metrics.counter(TAKEOVERS).inc();
                    LOG.log(Level.INFO, "Took the live event lease as " + lease.owner() + " with token "
                                        + lease.lastToken());
                    claimPending = true;
                }
                case LOST -> {
                    claimPending = false;
                    stop();
                    metrics.counter(LOST).inc();
                    LOG.log(Level.WARNING, "Lost the live event lease (" + lease.owner() + " was paused or cut off "
                                           + "past its TTL); another replica drives the events now");
                    return false;
                }
                case FOLLOWER -> {
                    return false;
                }
                default -> {
                }
            }
            if (claimPending) {
                // Until the claim is written, a paused earlier leader could still write; retried every round.
                long claimed = repository.claim(lease.lastToken()).await().atMost(Duration.ofSeconds(10));
                claimPending = false;
                scan = true;
                LOG.log(Level.INFO, "Claimed " + claimed + " live events with token " + lease.lastToken());
            }
            Instant now = clock.instant();
            if (!scan && now.isBefore(nextScan)) {
                return true;
            }
            nextScan = now.plus(tick);
            List<LiveEventDocument> active = repository.findActive(now.plus(horizon)).await()
                    .atMost(Duration.ofSeconds(10));
            for (LiveEventDocument event : active) {
                step(event, now);
            }
            recovered();
            return true;
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
    }

    private void failed(RuntimeException e) {
        metrics.counter(FAILED_ROUNDS).inc();
        failedRounds++;
        Instant now = clock.instant();
        if (failedRounds == 1 || !now.isBefore(lastFailureLog.plus(FAILURE_LOG_INTERVAL))) {
            lastFailureLog = now;
            LOG.log(Level.WARNING, (failedRounds == 1 ? "Scheduler round failed" : failedRounds + " scheduler rounds failed so far")
                                   + "; the next one retries: " + e);
        } else {
            LOG.log(Level.DEBUG, "Scheduler round failed again: " + e);
        }
    }

    private void recovered() {
        if (failedRounds > 0) {
            LOG.log(Level.INFO, "Scheduler rounds succeed again after " + failedRounds + " failed");
            failedRounds = 0;
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
