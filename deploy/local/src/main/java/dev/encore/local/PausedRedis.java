package dev.encore.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Freezes the test's {@code redis-server} child process with SIGSTOP, the way a stalled or partitioned Redis looks to
 * its clients: connections stay open and nothing answers, so every call waits out its timeout (stopping the server
 * instead refuses connections at once, which is the easy case). {@link #close()} resumes it with SIGCONT. Tests of
 * every module use it (test classes are not shared between modules; this module is on every test classpath).
 */
public final class PausedRedis implements AutoCloseable {

    private final long pid;

    private PausedRedis(long pid) {
        this.pid = pid;
        signal("STOP");
    }

    public static PausedRedis pause(EmbeddedRedis redis) {
        String port = String.valueOf(redis.port());
        long pid = ProcessHandle.current().descendants()
                .filter(process -> process.info().command().orElse("").contains("redis-server")
                                   && servesPort(process.pid(), port))
                .mapToLong(ProcessHandle::pid)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no redis-server child on port " + port + " among "
                        + ProcessHandle.current().descendants().map(p -> p.info().toString()).toList()));
        return new PausedRedis(pid);
    }

    /** redis-server rewrites its title to "redis-server 127.0.0.1:port", which ProcessHandle does not report. */
    private static boolean servesPort(long pid, String port) {
        try {
            String title = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ');
            return title.matches(".*[: ]" + port + "\\b.*");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            int exit = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " exited " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
