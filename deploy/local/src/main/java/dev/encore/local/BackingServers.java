package dev.encore.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The three backing servers for tests: MongoDB, Redis and a Kafka broker on free ports, started once per test JVM and
 * stopped when it exits. MongoDB is the in-memory wire server unless a real one is named ({@link TestMongo}). Their
 * output goes to {@code target/backing-servers.log}.
 */
public final class BackingServers {

    private static BackingServers shared;

    private final TestMongo mongo;
    private final EmbeddedRedis redis;
    private final EmbeddedKafka kafka;

    private BackingServers(Path workDirectory, Consumer<String> sink) {
        this.mongo = TestMongo.start();
        sink.accept("MongoDB for this test JVM: " + mongo);
        this.redis = new EmbeddedRedis(Ports.free(), null, sink).start();
        this.kafka = new EmbeddedKafka(Ports.free(), Ports.free(), workDirectory.resolve("kafka"), sink).start();
    }

    /** The servers of this JVM, started on first use. */
    public static synchronized BackingServers shared() {
        if (shared == null) {
            Path work = createWorkDirectory();
            Consumer<String> sink = logFile(Path.of("target", "backing-servers.log"));
            shared = new BackingServers(work, sink);
            BackingServers started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stopAll, "backing-servers-stop"));
        }
        return shared;
    }

    public TestMongo mongo() {
        return mongo;
    }

    public EmbeddedRedis redis() {
        return redis;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    private void stopAll() {
        kafka.close();
        redis.close();
        mongo.close();
    }

    private static Path createWorkDirectory() {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), "backing-servers-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Consumer<String> logFile(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            PrintStream out = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8);
            return out::println;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
