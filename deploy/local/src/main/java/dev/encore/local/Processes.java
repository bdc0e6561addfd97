package dev.encore.local;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Stopping a child process the one way the stack, the replicas, the drills and the benchmarks all want, and the pause
 * of the loops that wait for one to be ready.
 */
public final class Processes {

    private Processes() {
    }

    /** SIGTERM (a graceful shutdown), then SIGKILL for the process tree if it is still there after {@code grace}. */
    public static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** A pause in a loop that polls a starting process; an interrupt ends the wait as a failure to start. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
