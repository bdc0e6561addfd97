package dev.encore.local;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping a child process the one way the stack, the replicas, the drills and the benchmarks all want. */
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
}
