package dev.encore.graphql.events;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.encore.local.Ports;

/**
 * Another graphql-api replica, in its own JVM, on the same MongoDB, Redis and Kafka as the one under test: started
 * from the test's own classpath with the same configuration keys production uses, stopped by its process handle.
 */
public final class SecondReplica implements AutoCloseable {

    private final Process process;
    private final int port;

    private SecondReplica(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static SecondReplica start(Map<String, String> overrides) {
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
        try {
            File log = Path.of("target", "second-replica.log").toFile();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log)).start();
            SecondReplica replica = new SecondReplica(process, port);
            replica.awaitUp(Duration.ofSeconds(90));
            return replica;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the second replica", e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitUp(Duration patience) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The second replica exited; see target/second-replica.log");
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri().resolve("/health/live"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException("The second replica did not start within " + patience);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
