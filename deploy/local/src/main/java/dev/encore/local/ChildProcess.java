package dev.encore.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A server running as a child process: its output is pumped line by line to a sink (the launcher prefixes it,
 * tests write it to a file), it can be awaited on a log line, and it is stopped with SIGTERM, then SIGKILL.
 */
final class ChildProcess {

    private final String name;
    private final Process process;
    private final CountDownLatch marker = new CountDownLatch(1);

    private ChildProcess(String name, Process process, String readyMarker, Consumer<String> sink) {
        this.name = name;
        this.process = process;
        Thread pump = Thread.ofPlatform().daemon().name(name + "-output").start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                    if (readyMarker != null && line.contains(readyMarker)) {
                        marker.countDown();
                    }
                }
            } catch (IOException e) {
                // The process ended; nothing more to read.
            }
        });
        pump.setUncaughtExceptionHandler((thread, error) -> { });
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> environment,
                              String readyMarker, Consumer<String> sink) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            return new ChildProcess(name, builder.start(), readyMarker, sink);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + ": " + String.join(" ", command), e);
        }
    }

    /** Waits until the ready marker was printed; fails if the process dies first or the time runs out. */
    void awaitMarker(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!marker.await(100, TimeUnit.MILLISECONDS)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with code " + process.exitValue()
                                                    + " before it was ready; see its output above");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + name, e);
        }
    }

    /** Waits for the process to end by itself and returns its exit code. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + name, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    /** SIGTERM (a graceful shutdown), then SIGKILL for the process tree if it is still there after {@code grace}. */
    void stop(Duration grace) {
        Processes.stop(process, grace);
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
