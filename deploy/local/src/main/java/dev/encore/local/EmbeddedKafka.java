package dev.encore.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real single-node Apache Kafka broker in KRaft mode (no ZooKeeper), run in a JVM of its own with exactly the
 * classpath Kafka declares (recorded by the {@code kafka-broker} module), so it never shares a classpath with the
 * service's Kafka client. Its log directory survives {@link #stop()}, so a restart on the same ports keeps the topics.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "dev/encore/local/kafka-broker.classpath";

    private final int port;
    private final int controllerPort;
    private final Path directory;
    private final Consumer<String> sink;
    private ChildProcess broker;

    public EmbeddedKafka(int port, int controllerPort, Path directory, Consumer<String> sink) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.directory = directory;
        this.sink = sink;
    }

    public synchronized EmbeddedKafka start() {
        if (broker != null && broker.isAlive()) {
            return this;
        }
        Path properties = writeConfiguration();
        if (!Files.exists(directory.resolve("logs").resolve("meta.properties"))) {
            ChildProcess format = ChildProcess.start("kafka-format",
                    java("kafka.tools.StorageTool", "format", "--ignore-formatted",
                            "--cluster-id=" + clusterId(), "-c", properties.toString()),
                    Map.of(), null, sink);
            int exit = format.awaitExit(Duration.ofSeconds(60));
            if (exit != 0) {
                throw new IllegalStateException("Formatting the Kafka log directory failed with exit code " + exit);
            }
        }
        broker = ChildProcess.start("kafka", java("kafka.Kafka", properties.toString()), Map.of(),
                "Kafka Server started", sink);
        broker.awaitMarker(Duration.ofSeconds(90));
        return this;
    }

    public synchronized void stop() {
        if (broker != null) {
            broker.stop(Duration.ofSeconds(15));
            broker = null;
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The server's process while it runs (the drills freeze it with SIGSTOP); empty when stopped. */
    public synchronized java.util.Optional<ProcessHandle> process() {
        return broker == null || !broker.isAlive() ? java.util.Optional.empty()
                : ProcessHandle.of(broker.pid());
    }

    @Override
    public void close() {
        stop();
    }

    private List<String> java(String mainClass, String... arguments) {
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable(),
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Dlog4j.configuration=" + directory.resolve("log4j.properties").toUri(),
                "-cp", brokerClasspath(), mainClass));
        command.addAll(List.of(arguments));
        return command;
    }

    private Path writeConfiguration() {
        String server = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + directory.resolve("logs"),
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "");
        // Warnings only, plus the line that says the broker is up (the start marker).
        String log4j = String.join("\n",
                "log4j.rootLogger=WARN, stdout",
                "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
                "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.stdout.layout.ConversionPattern=%d{HH:mm:ss.SSS} %-5p %c{1} - %m%n",
                "log4j.logger.kafka.server.KafkaRaftServer=INFO",
                "log4j.logger.org.apache.kafka.clients.NetworkClient=ERROR",
                "");
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("log4j.properties"), log4j);
            Path properties = directory.resolve("server.properties");
            Files.writeString(properties, server);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Kafka configuration under " + directory, e);
        }
    }

    /** A random KRaft cluster id (16 bytes, base64url); passed as {@code --cluster-id=...} since it may start with '-'. */
    private static String clusterId() {
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    static String brokerClasspath() {
        try (InputStream recorded = EmbeddedKafka.class.getClassLoader().getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (recorded == null) {
                throw new IllegalStateException("Missing " + CLASSPATH_RESOURCE + "; build deploy/kafka-broker first");
            }
            String classpath = new String(recorded.readAllBytes(), StandardCharsets.UTF_8).trim();
            for (String jar : classpath.split(java.io.File.pathSeparator)) {
                if (!Files.exists(Path.of(jar))) {
                    throw new IllegalStateException("The Kafka broker jar " + jar + " is missing from the local "
                                                    + "Maven repository; rebuild with: deploy/mvn install -DskipTests");
                }
            }
            return classpath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
