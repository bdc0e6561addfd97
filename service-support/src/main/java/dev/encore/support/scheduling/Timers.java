package dev.encore.support.scheduling;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.helidon.scheduling.FixedRate;
import io.helidon.scheduling.Scheduling;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one scheduler of a service, over helidon-scheduling: {@link #every} for the fixed-delay loops (resyncs,
 * maintenance, outbox retries) and {@link #after} for one-shot delays.
 *
 * <p>Every run happens on a virtual thread of its own worker, named for the timer while it runs, so a slow run
 * (a resync waiting on MongoDB) holds up only its own timer, never the others: the pool has {@value #WORKERS}
 * workers, one more started per scheduling call until there are that many (an idle virtual thread costs about a
 * kilobyte and no CPU: it waits on the pool's queue). A run that throws is logged and its timer keeps its schedule.
 * {@link #stop} (at shutdown) cancels everything and interrupts the runs under way; {@code after} then schedules
 * nothing.
 */
@ApplicationScoped
public class Timers {

    private static final System.Logger LOG = System.getLogger(Timers.class.getName());
    /** How many runs can be under way at once before a due run waits for a worker. */
    static final int WORKERS = 256;
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);
    /**
     * The future of the fixed-rate task just built on this thread: helidon-scheduling 4.1.2's {@code Task} exposes no
     * way to cancel it (helidon-io/helidon#9921), so {@link Scheduler} hands it over here (FixedRate schedules while
     * it is built).
     */
    private static final ThreadLocal<ScheduledFuture<?>> JUST_SCHEDULED = new ThreadLocal<>();

    private Scheduler scheduler;

    @PostConstruct
    void start() {
        scheduler = new Scheduler();
    }

    /**
     * Runs {@code task} first after {@code initialDelay}, then each time {@code delay} after the previous run ended
     * (a fixed delay, as {@code scheduleWithFixedDelay}: runs never overlap and a slow run is not followed by a
     * burst). {@code name} names the thread during a run and the log line of a run that fails.
     */
    public Cancellable every(String name, Duration initialDelay, Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (delay.isNegative() || delay.isZero() || initialDelay.isNegative()) {
            throw new IllegalArgumentException("timer " + name + ": delay must be positive and initial delay not "
                                               + "negative (got " + delay + ", " + initialDelay + ")");
        }
        Runnable body = named(name, task);
        try {
            Scheduling.fixedRate()
                    .initialDelay(initialDelay.toMillis())
                    .delay(delay.toMillis())
                    .timeUnit(TimeUnit.MILLISECONDS)
                    .delayType(FixedRate.DelayType.SINCE_PREVIOUS_END)
                    .executor(scheduler)
                    .task(invocation -> body.run())
                    .build();
            ScheduledFuture<?> future = Objects.requireNonNull(JUST_SCHEDULED.get(), "fixed-rate task not scheduled");
            return () -> future.cancel(false);
        } finally {
            JUST_SCHEDULED.remove();
        }
    }

    /** Runs {@code task} once, {@code delay} from now, unless cancelled first (or the service is stopping). */
    public Cancellable after(Duration delay, Runnable task) {
        Runnable body = named("timer-once", task);
        try {
            ScheduledFuture<?> future = scheduler.schedule(body, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "timer not scheduled, the service is stopping");
            return () -> { };
        }
    }

    @PreDestroy
    void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "timers still running " + STOP_WAIT + " after shutdown; leaving them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Runnable named(String name, Runnable task) {
        return () -> {
            Thread thread = Thread.currentThread();
            String worker = thread.getName();
            thread.setName(name);
            try {
                task.run();
            } catch (Throwable e) { // as the hand-made loops did: log it, the next run comes on schedule
                LOG.log(Level.WARNING, "timer " + name + " failed; it keeps its schedule", e);
            } finally {
                thread.setName(worker);
            }
        };
    }

    /** Virtual-thread workers; hands the future of a fixed-rate task to {@link #every}. */
    private static final class Scheduler extends ScheduledThreadPoolExecutor {

        Scheduler() {
            super(WORKERS, Thread.ofVirtual().name("timer-", 0).factory());
            setRemoveOnCancelPolicy(true);
            setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
            setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                                                         TimeUnit unit) {
            ScheduledFuture<?> future = super.scheduleWithFixedDelay(command, initialDelay, delay, unit);
            JUST_SCHEDULED.set(future);
            return future;
        }
    }
}
