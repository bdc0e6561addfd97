package dev.encore.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;


/**
 * Another replica of the service under test, in a JVM of its own, on the same MongoDB, Redis and Kafka (the keys
 * {@link BackingServersExtension} set): started from the test's own classpath with the configuration keys production
 * uses, plus {@code overrides}. {@link #start} returns once its {@code /health/ready} answers 200, so its Kafka
 * consumers are connected. Its output goes to {@code target/second-replica.log} (or {@code target/<name>.log}); it is stopped by {@link #close}, or
 * when the test JVM exits.
 */
public final class ServiceReplica implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Thread stopOnExit;

    private ServiceReplica(Process process, int port) {
        this.process = process;
        this.port = port;
        // A test JVM that is killed must not leave a chat-service behind on the shared machine.
        this.stopOnExit = new Thread(process::destroyForcibly, "second-replica-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    public static ServiceReplica start(Map<String, String> overrides, Duration patience) {
        return start("second-replica", overrides, patience);
    }

    /** As {@link #start(Map, Duration)}, logging to {@code target/<name>.log} (tests that start several). */
    public static ServiceReplica start(String name, Map<String, String> overrides, Duration patience) {
        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        for (String key : List.of("mongodb.uri", "mongodb.database", "redis.url", "kafka.bootstrap.servers",
                "jwt.issuer", "jwt.jwks-url", "jwt.audience")) {
            command.add("-D" + key + "=" + System.getProperty(key));
        }
        command.add("-Dserver.port=" + port);
        command.add("-Dserver.host=127.0.0.1");
        overrides.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.helidon.microprofile.cdi.Main"));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Path.of("target", name + ".log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the second replica", e);
        }
        ServiceReplica replica = new ServiceReplica(process, port);
        try {
            replica.awaitReady(patience);
        } catch (RuntimeException | Error e) {
            replica.close();
            throw e;
        }
        return replica;
    }

    /** Its process, for fault tests that kill ({@code destroyForcibly}: SIGKILL) or freeze it. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    public int port() {
        return port;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitReady(Duration patience) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + patience.toNanos();
        String last = "not listening";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the second replica exited (" + process.exitValue()
                        + "); see its log in target/");
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(uri().resolve("/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
                last = ready.body();
            } catch (IOException e) {
                last = String.valueOf(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Processes.sleep(300);
        }
        throw new AssertionError("the second replica was not ready within " + patience + ": " + last);
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(15));
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }
}
