package dev.encore.drills;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Freezes a process with SIGSTOP and thaws it with SIGCONT, as an operator's {@code kill -STOP} would: its sockets stay
 * open and connected, it just stops answering (a stalled broker, a GC-frozen cache). A shutdown hook thaws it if this
 * JVM dies mid-pause, so no frozen process is ever left behind.
 */
final class Pause implements AutoCloseable {

    private final ProcessHandle process;
    private final Thread thaw;
    private boolean resumed;

    private Pause(ProcessHandle process) {
        this.process = process;
        this.thaw = new Thread(this::resume, "drill-thaw-" + process.pid());
        Runtime.getRuntime().addShutdownHook(thaw);
        signal("STOP");
    }

    static Pause of(ProcessHandle process) {
        return new Pause(process);
    }

    /** Pauses {@code process} for {@code duration}, then resumes it. */
    static void freeze(ProcessHandle process, Duration duration) {
        try (Pause pause = of(process)) {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void resume() {
        if (!resumed) {
            resumed = true;
            signal("CONT");
        }
    }

    @Override
    public void close() {
        resume();
        try {
            Runtime.getRuntime().removeShutdownHook(thaw);
        } catch (IllegalStateException e) {
            // already shutting down: the hook resumes it
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
