package dev.encore.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real {@code redis-server} as a child process: Debian's (or any on PATH) when installed, otherwise the Linux or
 * macOS binary shipped inside the embedded-redis jar, extracted once to {@code ~/.cache/encore}. Can be stopped and
 * started again on the same port, which the readiness tests rely on.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private final int port;
    private final Path dataDirectory;
    private final Consumer<String> sink;
    private ChildProcess process;

    public EmbeddedRedis(int port, Path dataDirectory, Consumer<String> sink) {
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.sink = sink;
    }

    public synchronized EmbeddedRedis start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        List<String> command = new ArrayList<>(List.of(executable().toString(),
                "--port", String.valueOf(port), "--bind", "127.0.0.1", "--protected-mode", "no",
                "--save", "", "--appendonly", "no", "--loglevel", "warning"));
        if (dataDirectory != null) {
            try {
                Files.createDirectories(dataDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            command.addAll(List.of("--dir", dataDirectory.toString()));
        }
        process = ChildProcess.start("redis", command, Map.of(), null, sink);
        awaitPong(Duration.ofSeconds(15));
        return this;
    }

    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(5));
            process = null;
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The server's process while it runs (the drills freeze it with SIGSTOP); empty when stopped. */
    public synchronized java.util.Optional<ProcessHandle> process() {
        return process == null || !process.isAlive() ? java.util.Optional.empty()
                : ProcessHandle.of(process.pid());
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitPong(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start (is port " + port + " taken?)");
            }
            if (answersPing()) {
                return;
            }
            Processes.sleep(50);
        }
        throw new IllegalStateException("redis-server did not answer PING within " + timeout.toSeconds() + " s");
    }

    private boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(500);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = socket.getInputStream().readNBytes(7);
            return new String(answer, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    static Path executable() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return shippedBinary();
    }

    private static Path shippedBinary() {
        String os = System.getProperty("os.name").toLowerCase();
        boolean arm = System.getProperty("os.arch").contains("aarch64") || System.getProperty("os.arch").contains("arm");
        String resource;
        if (os.contains("linux")) {
            resource = arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
        } else if (os.contains("mac")) {
            resource = arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        } else {
            throw new IllegalStateException("No redis-server on PATH and no shipped binary for " + os
                                            + "; install Redis and put redis-server on PATH");
        }
        Path target = Path.of(System.getProperty("user.home"), ".cache", "encore", resource);
        if (Files.isExecutable(target)) {
            return target;
        }
        try (InputStream binary = EmbeddedRedis.class.getClassLoader().getResourceAsStream(resource)) {
            if (binary == null) {
                throw new IllegalStateException("The embedded-redis jar lacks " + resource);
            }
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), resource, ".part");
            Files.copy(binary, temporary, StandardCopyOption.REPLACE_EXISTING);
            temporary.toFile().setExecutable(true);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract " + resource, e);
        }
    }
}
