package dev.encore.graphql.subscription;

import java.util.concurrent.locks.LockSupport;

import graphql.schema.DataFetchingEnvironment;
import io.smallrye.graphql.execution.context.SmallRyeContext;
import io.smallrye.graphql.execution.context.SmallRyeContextManager;
import io.smallrye.mutiny.Multi;
import org.dataloader.DataLoaderRegistry;

/**
 * Makes batched ({@code @Source List}) fields resolve inside subscription events. graphql-java dispatches the
 * DataLoaders of queries and mutations level by level, but not those of a subscription event, so a batched field in
 * an event's selection (a playlist item's song, a now-playing's song) would wait forever. After each event this
 * dispatches the operation's loaders, on a virtual thread, until they have been idle for a few milliseconds, which
 * covers nested batched levels (song, then its artist).
 */
public final class BatchedFields {

    private static final long STEP_NANOS = 1_000_000;
    private static final int IDLE_STEPS = 15;
    private static final int MAX_STEPS = 2_000;

    private BatchedFields() {
    }

    /** Wraps a subscription's stream; call it synchronously in the {@code @Subscription} method. */
    public static <T> Multi<T> dispatched(Multi<T> events) {
        SmallRyeContext context = SmallRyeContextManager.getCurrentSmallRyeContext();
        DataFetchingEnvironment environment = context == null ? null : context.getDataFetchingEnvironment();
        DataLoaderRegistry registry = environment == null ? null : environment.getDataLoaderRegistry();
        if (registry == null) {
            return events;
        }
        return events.onItem().invoke(item -> Thread.ofVirtual().name("subscription-dataloaders")
                .start(() -> pump(registry)));
    }

    private static void pump(DataLoaderRegistry registry) {
        int idle = 0;
        for (int step = 0; step < MAX_STEPS && idle < IDLE_STEPS; step++) {
            LockSupport.parkNanos(STEP_NANOS);
            if (registry.dispatchDepth() > 0) {
                registry.dispatchAll();
                idle = 0;
            } else {
                idle++;
            }
        }
    }
}
