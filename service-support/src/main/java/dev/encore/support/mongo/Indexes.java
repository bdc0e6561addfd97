package dev.encore.support.mongo;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * Creates a service's indexes at startup without making startup wait for MongoDB: in the background, retried with
 * back-off (1 s doubling to 30 s) until it succeeds, each failure logged. A MongoDB that is down at startup is
 * reported by readiness, and the indexes appear once it is back.
 */
public final class Indexes {

    private static final System.Logger LOG = System.getLogger(Indexes.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private Indexes() {
    }

    /** For the blocking driver: {@code create} runs on a virtual thread of its own. */
    public static void ensureAtStartup(String what, Runnable create) {
        Thread.ofVirtual().name(what + "-indexes").start(() -> {
            Duration wait = FIRST_RETRY;
            while (true) {
                try {
                    create.run();
                    LOG.log(Level.DEBUG, what + " indexes in place");
                    return;
                } catch (RuntimeException e) {
                    failed(what, e);
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    return; // shutting down
                }
                wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
            }
        });
    }

    /** For the reactive driver: {@code create} is subscribed to again after each failure. */
    public static void ensureAtStartup(String what, Supplier<Uni<Void>> create) {
        Uni.createFrom().deferred(create::get)
                .onFailure().invoke(e -> failed(what, e))
                .onFailure().retry().withBackOff(FIRST_RETRY, MAX_RETRY).indefinitely()
                .subscribe().with(done -> LOG.log(Level.DEBUG, what + " indexes in place"));
    }

    private static void failed(String what, Throwable e) {
        LOG.log(Level.WARNING, "cannot create the " + what + " indexes yet (retrying): " + e);
    }
}
