package dev.encore.graphql.federation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apollo's own federation tools (composition, Apollo Gateway) and the {@code plays} subgraph, run with Node.js from
 * {@code deploy/federation}: the committed scripts and lock file are copied to {@code target/federation} and installed
 * there with {@code npm ci} (again only when the lock file changed), so the tests run exactly what the README runs.
 * A missing Node.js or a failed install fails the test with npm's output; nothing is skipped.
 */
final class ApolloNode {

    static final Path SOURCE = Path.of("..", "deploy", "federation").toAbsolutePath().normalize();
    private static final Path WORK = Path.of("target", "federation").toAbsolutePath();
    private static final Pattern READY = Pattern.compile("ready at (http://\\S+)");

    private static boolean installed;

    private ApolloNode() {
    }

    /** Copies the scripts and installs the locked packages once per test JVM. */
    static synchronized Path workDir() {
        if (installed) {
            return WORK;
        }
        try {
            Files.createDirectories(WORK);
            try (var files = Files.list(SOURCE)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".mjs") || f.toString().endsWith(".json"))
                        .toList()) {
                    Files.copy(file, WORK.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path lock = WORK.resolve("package-lock.json");
            Path marker = WORK.resolve("node_modules").resolve(".installed-from-lock");
            if (!Files.exists(marker) || Files.mismatch(lock, marker) != -1) {
                Process npm = start(List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"));
                String output = drain(npm);
                if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                    npm.destroyForcibly();
                    throw new AssertionError("npm ci in " + WORK + " failed (Node.js 20+ and npm must be on PATH, "
                                             + "and the npm registry reachable):\n" + output);
                }
                Files.copy(lock, marker, StandardCopyOption.REPLACE_EXISTING);
            }
            installed = true;
            return WORK;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a script to its end and returns its standard output; fails with its output when it exits non-zero. */
    static String run(String script, List<String> arguments, boolean mustSucceed) {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(arguments);
        try {
            workDir();
            Process node = start(command);
            CompletableFuture<String> stdout = readAsync(node.getInputStream());
            CompletableFuture<String> stderr = readAsync(node.getErrorStream());
            if (!node.waitFor(2, TimeUnit.MINUTES)) {
                node.destroyForcibly();
                throw new AssertionError(command + " did not finish in 2 minutes");
            }
            String out = stdout.get(10, TimeUnit.SECONDS);
            if (mustSucceed && node.exitValue() != 0) {
                throw new AssertionError(command + " exited " + node.exitValue() + ":\n" + out + "\n"
                                         + stderr.get(10, TimeUnit.SECONDS));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    /** A long-running script (a subgraph, the gateway), up once it prints {@code ready at <url>}. */
    record Server(Process process, String url) implements AutoCloseable {

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Server serve(String script, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(arguments);
        workDir();
        Process node = start(command);
        StringBuilder seen = new StringBuilder();
        CompletableFuture<String> ready = new CompletableFuture<>();
        // One reader for the child's whole life, so it never blocks on a full pipe.
        Thread.ofVirtual().start(() -> {
            try {
                BufferedReader lines = new BufferedReader(
                        new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (seen) {
                        seen.append(line).append('\n');
                    }
                    Matcher matcher = READY.matcher(line);
                    if (matcher.find()) {
                        ready.complete(matcher.group(1));
                    }
                }
            } catch (IOException e) {
                // The child went away; whoever waits learns it below.
            }
            ready.complete(null);
        });
        CompletableFuture<String> errors = readAsync(node.getErrorStream());
        try {
            String url = ready.get(60, TimeUnit.SECONDS);
            if (url == null) {
                throw new AssertionError(command + " stopped before it was ready:\n" + seen + "\n"
                                         + errors.get(10, TimeUnit.SECONDS));
            }
            return new Server(node, url);
        } catch (TimeoutException e) {
            node.destroyForcibly();
            throw new AssertionError(command + " was not ready within 60 s:\n" + seen);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Process start(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile());
        // Apollo Gateway and composition otherwise report usage to Apollo.
        builder.environment().put("APOLLO_TELEMETRY_DISABLED", "true");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new AssertionError("Cannot run " + command + ": Node.js 20+ and npm must be on PATH (" + e.getMessage()
                                     + ")", e);
        }
    }

    private static String drain(Process process) {
        CompletableFuture<String> err = readAsync(process.getErrorStream());
        return read(process.getInputStream()) + err.join();
    }

    /** Reads a stream to its end on a thread of its own (a child's pipes must never wait on a shared pool). */
    private static CompletableFuture<String> readAsync(java.io.InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> text.complete(read(in)));
        return text;
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
