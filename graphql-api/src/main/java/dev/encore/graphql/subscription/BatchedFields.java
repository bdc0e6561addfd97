package dev.encore.graphql.subscription;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import io.smallrye.graphql.execution.context.SmallRyeContext;
import io.smallrye.graphql.execution.context.SmallRyeContextManager;
import io.smallrye.mutiny.Multi;
import org.dataloader.DataLoaderRegistry;

/**
 * Makes batched ({@code @Source List}) fields resolve inside subscription events. graphql-java 22.1 (the version
 * SmallRye GraphQL 2.17 brings) dispatches the DataLoaders of queries and mutations level by level, but not those of
 * a subscription event, so a batched field in an event's selection (a playlist item's song, a now-playing's song)
 * would wait forever: graphql-java#3662, fixed in 22.2 by graphql-java#3673, with per-level batching for events only
 * in graphql-java#3988. Re-check whether this class is still needed once graphql-java here is 22.2 or later.
 *
 * <p>Each subscription carries an {@link EventsInFlight} (the transport puts it in the execution context): from the
 * moment an event leaves the stream until the transport has its result, a virtual thread dispatches the operation's
 * loaders whenever something waits in them, which covers nested batched levels (song, then its artist) however long
 * each level takes. The pump runs until that result arrives, not until the loaders have been idle for a while: how
 * long the first level takes to ask is unbounded (a cold or loaded JVM, a slow catalog read), and a pump that gave up
 * before it asked would leave the event, and every event after it, undelivered. The only bound is {@code MAX_STEPS},
 * about a minute with no result, after which the event counts as lost.
 */
public final class BatchedFields {

    /** The execution-context key of a subscription's {@link EventsInFlight}. */
    public static final String CONTEXT_KEY = EventsInFlight.class.getName();

    private BatchedFields() {
    }

    /** Wraps a subscription's stream; call it synchronously in the {@code @Subscription} method. */
    public static <T> Multi<T> dispatched(Multi<T> events) {
        SmallRyeContext context = SmallRyeContextManager.getCurrentSmallRyeContext();
        DataFetchingEnvironment environment = context == null ? null : context.getDataFetchingEnvironment();
        DataLoaderRegistry registry = environment == null ? null : environment.getDataLoaderRegistry();
        GraphQLContext graphQLContext = environment == null ? null : environment.getGraphQlContext();
        EventsInFlight inFlight = graphQLContext == null ? null : graphQLContext.get(CONTEXT_KEY);
        if (registry == null || inFlight == null) {
            return events;
        }
        inFlight.bind(registry);
        return events.onItem().invoke(item -> inFlight.started());
    }

    /**
     * The events of one subscription whose results the transport has not received yet, and the pump that dispatches
     * their batched fields meanwhile. Created by the transport per subscribe; {@link #finished()} when a result
     * arrives, {@link #stop()} when the subscription ends.
     */
    public static final class EventsInFlight {

        private static final long STEP_NANOS = 1_000_000;
        private static final long SLOW_STEP_NANOS = 10_000_000;
        private static final int FAST_STEPS = 100;
        /** A pump gives up after about a minute with no result: the event was lost, not merely slow. */
        private static final int MAX_STEPS = FAST_STEPS + 6_000;

        private final AtomicInteger pending = new AtomicInteger();
        private final AtomicBoolean pumping = new AtomicBoolean();
        private volatile DataLoaderRegistry registry;
        private volatile boolean stopped;

        void bind(DataLoaderRegistry registry) {
            this.registry = registry;
        }

        void started() {
            pending.incrementAndGet();
            if (pumping.compareAndSet(false, true)) {
                Thread.ofVirtual().name("subscription-dataloaders").start(this::pump);
            }
        }

        /** The transport has the result of the oldest event in flight. */
        public void finished() {
            pending.updateAndGet(n -> Math.max(0, n - 1));
        }

        /** The subscription is over: no result will come for what is still in flight. */
        public void stop() {
            stopped = true;
        }

        private void pump() {
            int step = 0;
            while (true) {
                for (; pending.get() > 0 && !stopped && step < MAX_STEPS; step++) {
                    LockSupport.parkNanos(step < FAST_STEPS ? STEP_NANOS : SLOW_STEP_NANOS);
                    DataLoaderRegistry loaders = registry;
                    if (loaders != null && loaders.dispatchDepth() > 0) {
                        loaders.dispatchAll();
                        step = 0;
                    }
                }
                if (step >= MAX_STEPS) {
                    pending.set(0);
                }
                pumping.set(false);
                // An event may have started between the last check and giving up the pump: keep it then.
                if (pending.get() == 0 || stopped || !pumping.compareAndSet(false, true)) {
                    return;
                }
                step = 0;
            }
        }
    }
}
