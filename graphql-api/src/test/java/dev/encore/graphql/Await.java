package dev.encore.graphql;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling barriers: wait for a condition rather than for a fixed time. */
public final class Await {

    private Await() {
    }

    /** Polls {@code condition} every 10 ms until it holds; fails with {@code what} after {@code patience}. */
    public static void until(BooleanSupplier condition, Duration patience, Supplier<String> what) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what.get() + " (waited " + patience + ")");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
