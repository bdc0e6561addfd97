package dev.encore.drills;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.encore.local.LocalStack;
import dev.encore.local.Ports;
import dev.encore.local.Processes;

/**
 * The system under drill: the launcher's {@link LocalStack} on free loopback ports (so it never collides with a
 * running stack), a second chat-service replica, and MongoDB in a child JVM of its own so that it can be paused. Knows
 * the process of each backing server, which is what the drills freeze.
 */
final class DrillStack implements AutoCloseable {

    private final Path data;
    private final Process mongo;
    private final LocalStack stack;
    private final List<String> chatReplicas = new ArrayList<>();
    private final List<String> graphqlReplicas = new ArrayList<>();

    private DrillStack(Path data, Process mongo, LocalStack stack) {
        this.data = data;
        this.mongo = mongo;
        this.stack = stack;
    }

    static DrillStack start(Path root) {
        Path data;
        try {
            data = Files.createTempDirectory("encore-drills");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int mongoPort = Ports.free();
        Process mongo;
        try {
            mongo = startMongo(mongoPort);
        } catch (RuntimeException e) {
            delete(data);
            throw e;
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String variable : List.of("REDIS_PORT", "KAFKA_PORT", "KAFKA_CONTROLLER_PORT", "GRAPHQL_API_PORT",
                "IDENTITY_SERVICE_PORT", "MEDIA_SERVICE_PORT", "CHAT_SERVICE_PORT")) {
            env.put(variable, String.valueOf(Ports.free()));
        }
        env.put("MONGODB_URI", "mongodb://127.0.0.1:" + mongoPort);
        env.put("LOCAL_DATA_DIR", data.toString());
        env.put("LOCAL_STACK_TIMEOUT_SECONDS", "240");
        env.put("ENCORE_JAVA_OPTS", System.getenv().getOrDefault("ENCORE_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC"));
        LocalStack stack = new LocalStack(env, root);
        DrillStack drillStack = new DrillStack(data, mongo, stack);
        Runtime.getRuntime().addShutdownHook(new Thread(drillStack::close, "drill-stack-stop"));
        stack.start();
        drillStack.chatReplicas.add(stack.url("chat-service"));
        drillStack.graphqlReplicas.add(stack.url("graphql-api"));
        return drillStack;
    }

    private static Process startMongo(int port) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Process process = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp",
                    System.getProperty("java.class.path"), MongoProcess.class.getName(), String.valueOf(port))
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            // The JVM may warn first (Netty's use of Unsafe on new JDKs); the ready line comes within a few lines.
            String line = out.readLine();
            for (int skipped = 0; line != null && !line.startsWith("mongo ready") && skipped < 50; skipped++) {
                line = out.readLine();
            }
            if (line == null || !line.startsWith("mongo ready")) {
                process.destroyForcibly();
                throw new IllegalStateException("the MongoDB process did not start: " + line);
            }
            Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> System.out.println("mongo           | " + l)));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String service) {
        return stack.url(service);
    }

    /** Every chat-service base URL, starting a second replica on first use. */
    synchronized List<String> chatReplicas(int wanted) {
        while (chatReplicas.size() < wanted) {
            chatReplicas.add(stack.startReplica("chat-service", Ports.free()));
        }
        return List.copyOf(chatReplicas.subList(0, wanted));
    }

    /** Every graphql-api base URL, starting more replicas (each a contender for the scheduler lease) on first use. */
    synchronized List<String> graphqlReplicas(int wanted) {
        while (graphqlReplicas.size() < wanted) {
            graphqlReplicas.add(stack.startReplica("graphql-api", Ports.free()));
        }
        return List.copyOf(graphqlReplicas.subList(0, wanted));
    }

    /** The process of the {@code service} instance at {@code url}, for drills that kill it. */
    ProcessHandle process(String service, String url) {
        int port = URI.create(url).getPort();
        return stack.process(service, port).orElseThrow(() -> new IllegalStateException(service + " at " + url
                + " is not running"));
    }

    /** Every running service instance by name, with its base URL, for readiness sampling. */
    synchronized Map<String, String> allInstances() {
        Map<String, String> all = new LinkedHashMap<>();
        for (String service : List.of("identity-service", "graphql-api", "media-service")) {
            all.put(service, stack.url(service));
        }
        for (int i = 0; i < chatReplicas.size(); i++) {
            all.put("chat-service" + (i == 0 ? "" : " #" + (i + 1)), chatReplicas.get(i));
        }
        return all;
    }

    ProcessHandle kafka() {
        return stack.kafka().process().orElseThrow(() -> new IllegalStateException("the Kafka broker is not running"));
    }

    ProcessHandle redis() {
        return stack.redis().process().orElseThrow(() -> new IllegalStateException("Redis is not running"));
    }

    ProcessHandle mongo() {
        return mongo.toHandle();
    }

    @Override
    public synchronized void close() {
        if (!mongo.isAlive() && chatReplicas.isEmpty()) {
            return;
        }
        chatReplicas.clear();
        graphqlReplicas.clear();
        stack.stop();
        Processes.stop(mongo, Duration.ofSeconds(10));
        delete(data);
    }

    /** The stack's data directory goes with it (the launcher says it keeps it: that is for its own runs). */
    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the OS to clean
        }
    }
}
