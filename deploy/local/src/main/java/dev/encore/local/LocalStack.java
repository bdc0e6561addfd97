package dev.encore.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Starts the whole system on this machine: a file-backed MongoDB wire server (or the MongoDB at {@code MONGODB_URI}),
 * Redis and a Kafka broker, then the four services, each in a JVM of its own with its own classpath (its jar and
 * {@code target/libs}); {@link #startReplica} adds more instances of one. Waits until every
 * {@code /health/ready} is UP, prints the URLs, and on Ctrl-C or SIGTERM stops every child and frees every port.
 *
 * <p>Every port and the data directory come from environment variables (see {@link #usage()}).
 */
public final class LocalStack {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final boolean COLOR = System.console() != null && System.getenv("NO_COLOR") == null;

    private final Map<String, String> env;
    private final Path root;
    private final Path dataDirectory;
    private final List<ChildProcess> services = new ArrayList<>();
    private EmbeddedMongo mongo;
    private String mongoUri;
    private final List<ChildProcess> replicas = new ArrayList<>();
    private volatile boolean stopping;
    private EmbeddedRedis redis;
    private EmbeddedKafka kafka;

    /**
     * A stack configured like the launcher: {@code env} holds the launcher's variables (ports, {@code LOCAL_DATA_DIR},
     * ...), {@code root} is the repository, whose {@code <service>/target/<service>.jar} files are started.
     * End-to-end tests use it in-process on free ports.
     */
    public LocalStack(Map<String, String> env, Path root) {
        this.env = env;
        this.root = root;
        this.dataDirectory = Path.of(env.getOrDefault("LOCAL_DATA_DIR", root.resolve(".local-data").toString()))
                .toAbsolutePath();
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            OUT.println(usage());
            return;
        }
        Path root = Path.of(System.getProperty("encore.root", ".")).toAbsolutePath().normalize();
        LocalStack stack = new LocalStack(System.getenv(), root);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "local-stack-stop"));
        try {
            stack.start();
        } catch (RuntimeException e) {
            OUT.println(paint("31", "local-stack: " + e.getMessage()));
            System.exit(1);
        }
        stack.watch();
    }

    /** Starts the backing servers and the four services, and returns once every one is ready. */
    public void start() {
        long started = System.nanoTime();
        int mongoPort = port("MONGO_PORT", 27017);
        int redisPort = port("REDIS_PORT", 6379);
        int kafkaPort = port("KAFKA_PORT", 9092);
        int kafkaControllerPort = port("KAFKA_CONTROLLER_PORT", 9093);
        String externalMongo = env.get("MONGODB_URI");
        if (externalMongo == null || externalMongo.isBlank()) {
            checkFree("MongoDB", mongoPort, "MONGO_PORT");
        }
        checkFree("Redis", redisPort, "REDIS_PORT");
        checkFree("Kafka", kafkaPort, "KAFKA_PORT");
        checkFree("Kafka controller", kafkaControllerPort, "KAFKA_CONTROLLER_PORT");
        for (ServiceSpec service : ServiceSpec.ALL) {
            checkFree(service.name(), port(service.portVariable(), service.defaultPort()), service.portVariable());
        }

        if (externalMongo == null || externalMongo.isBlank()) {
            say("starting MongoDB (wire protocol, data in " + dataDirectory.resolve("mongo") + "), Redis and Kafka");
            mongo = EmbeddedMongo.fileBacked(dataDirectory.resolve("mongo"), mongoPort);
            mongoUri = mongo.uri();
        } else {
            say("using the MongoDB at MONGODB_URI; starting Redis and Kafka");
            mongoUri = externalMongo.trim();
        }
        redis = new EmbeddedRedis(redisPort, dataDirectory.resolve("redis"), prefixed("redis")).start();
        kafka = new EmbeddedKafka(kafkaPort, kafkaControllerPort, dataDirectory.resolve("kafka"), prefixed("kafka"))
                .start();

        String identityUrl = "http://localhost:" + port("IDENTITY_SERVICE_PORT", 8081);
        for (ServiceSpec service : ServiceSpec.ALL) {
            services.add(startService(service, port(service.portVariable(), service.defaultPort()), identityUrl));
        }
        awaitReady(Duration.ofSeconds(Long.parseLong(env.getOrDefault("LOCAL_STACK_TIMEOUT_SECONDS", "180"))));
        printBanner(Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Starts one more instance of {@code service} (e.g. {@code chat-service}) on {@code port}, configured like the first
     * (same backing servers, database and identity-service), and returns its base URL once its {@code /health/ready}
     * is UP. {@link #stop} stops it with the others. The drills use this for scale-out scenarios.
     */
    public synchronized String startReplica(String service, int port) {
        ServiceSpec spec = spec(service);
        String identityUrl = url("identity-service");
        ChildProcess replica = startService(spec, port, identityUrl);
        replicas.add(replica);
        String url = "http://localhost:" + port;
        awaitReady(spec.name(), replica, URI.create(url + "/health/ready"),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("LOCAL_STACK_TIMEOUT_SECONDS", "180"))));
        return url;
    }

    private ChildProcess startService(ServiceSpec service, int port, String identityUrl) {
        Path jar = root.resolve(service.name()).resolve("target").resolve(service.name() + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build first with: deploy/mvn install -DskipTests");
        }
        Map<String, String> childEnv = new LinkedHashMap<>();
        childEnv.put("SERVER_PORT", String.valueOf(port));
        childEnv.put("MONGODB_URI", mongoUri);
        childEnv.put("MONGODB_DATABASE", service.databaseName());
        childEnv.put("REDIS_URL", redis.url());
        childEnv.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        childEnv.put("JWT_ISSUER", identityUrl);
        childEnv.put("JWT_JWKS_URL", identityUrl + "/.well-known/jwks.json");
        childEnv.put("ENCORE_DATA_DIR", dataDirectory.resolve(service.name()).toString());
        // Where graphql-api finds media-service (stream URLs), and the public base of those URLs.
        String mediaUrl = "http://localhost:" + port("MEDIA_SERVICE_PORT", 8082);
        childEnv.put("MEDIA_BASE_URL", mediaUrl);
        childEnv.put("MEDIA_PUBLIC_BASE_URL", mediaUrl);
        // The local profile: demo data and accounts on an empty database. Never set in a production deployment.
        childEnv.put("ENCORE_PROFILE", "local");
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable()));
        command.addAll(List.of(env.getOrDefault("ENCORE_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC").split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        String name = port == port(service.portVariable(), service.defaultPort()) ? service.name()
                : service.name() + ":" + port;
        return ChildProcess.start(name, command, childEnv, null, prefixed(name));
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < ServiceSpec.ALL.size(); i++) {
            ServiceSpec service = ServiceSpec.ALL.get(i);
            URI ready = URI.create("http://localhost:" + port(service.portVariable(), service.defaultPort())
                                   + "/health/ready");
            awaitReady(service.name(), services.get(i), ready, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    private static void awaitReady(String name, ChildProcess process, URI ready, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during startup; its log is above");
            }
            try {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(3))
                                                                  .build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
                last = answer.statusCode() + " " + answer.body();
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds()
                                                + " s; last answer from " + ready + ": " + last);
            }
            sleep(250);
        }
    }

    /** Keeps the launcher alive while the children run; reports a child that dies on its own. */
    private void watch() {
        List<ChildProcess> reported = new ArrayList<>();
        while (true) {
            for (ChildProcess service : services) {
                if (!stopping && !service.isAlive() && !reported.contains(service)) {
                    reported.add(service);
                    say(paint("31", service.name() + " stopped unexpectedly; the rest of the stack keeps running"));
                }
            }
            sleep(1000);
        }
    }

    /** Stops the services (they drain), then the backing servers; data stays in the data directory. */
    public synchronized void stop() {
        stopping = true;
        if (mongo == null && services.isEmpty() && kafka == null) {
            return;
        }
        say("stopping");
        // Services first (they drain in-flight requests on SIGTERM), in parallel, then the servers they used.
        services.addAll(replicas);
        replicas.clear();
        services.parallelStream().forEach(service -> service.stop(Duration.ofSeconds(20)));
        services.clear();
        if (kafka != null) {
            kafka.stop();
            kafka = null;
        }
        if (redis != null) {
            redis.stop();
            redis = null;
        }
        if (mongo != null) {
            mongo.close();
            mongo = null;
        }
        say("stopped; data kept in " + dataDirectory);
    }

    private void printBanner(Duration took) {
        String graphql = "http://localhost:" + port("GRAPHQL_API_PORT", 8080);
        String identity = "http://localhost:" + port("IDENTITY_SERVICE_PORT", 8081);
        String media = "http://localhost:" + port("MEDIA_SERVICE_PORT", 8082);
        String chat = "localhost:" + port("CHAT_SERVICE_PORT", 8083);
        String banner = String.join("\n",
                "",
                "Encore is ready (" + took.toMillis() / 1000.0 + " s).",
                "  GraphiQL            " + graphql + "/graphiql",
                "  GraphQL endpoint    " + graphql + "/graphql   (subscriptions: ws://" + graphql.substring(7)
                + "/graphql)",
                "  identity-service    " + identity + "   Swagger UI " + identity + "/swagger-ui",
                "  media-service       " + media + "   Swagger UI " + media + "/swagger-ui",
                "  chat                ws://" + chat + "/chat/{roomId}?access_token=...   Swagger UI http://" + chat
                + "/swagger-ui",
                "  health / metrics    <service>/health/ready, <service>/metrics",
"  MongoDB             " + mongoUri + "   Redis " + redis.url() + "   Kafka "
                + kafka.bootstrapServers(),
                "  data directory      " + dataDirectory,
                "Ctrl-C stops everything.",
                "");
        OUT.println(paint("32", banner));
    }

    /**
     * The process of the instance of {@code service} on {@code port} (the first one or a replica), for drills that
     * kill or freeze it; empty when there is none or it has exited.
     */
    public synchronized Optional<ProcessHandle> process(String service, int port) {
        ServiceSpec spec = spec(service);
        String name = port == port(spec.portVariable(), spec.defaultPort()) ? spec.name() : spec.name() + ":" + port;
        return Stream.concat(services.stream(), replicas.stream())
                .filter(child -> child.name().equals(name)).findFirst()
                .flatMap(child -> ProcessHandle.of(child.pid()));
    }

    /** The base URL of a service, e.g. {@code http://localhost:8081} for {@code identity-service}. */
    public String url(String service) {
        ServiceSpec spec = spec(service);
        return "http://localhost:" + port(spec.portVariable(), spec.defaultPort());
    }

    /** The running Kafka broker (its process, for fault drills). */
    public EmbeddedKafka kafka() {
        return kafka;
    }

    /** The running Redis (its process, for fault drills). */
    public EmbeddedRedis redis() {
        return redis;
    }

    /** The MongoDB connection string the services were given. */
    public String mongoUri() {
        return mongoUri;
    }

    private static ServiceSpec spec(String service) {
        return ServiceSpec.ALL.stream().filter(s -> s.name().equals(service)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + service));
    }

    private int port(String variable, int defaultPort) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(variable + "=" + value + " is not a port number");
        }
    }

    private static void checkFree(String what, int port, String variable) {
        if (!Ports.isFree(port)) {
            throw new IllegalStateException("port " + port + " (" + what + ") is already in use; stop what holds it "
                                            + "or choose another port with " + variable + "=<port>");
        }
    }

    private static Consumer<String> prefixed(String name) {
        String prefix = paint("36", String.format(Locale.ROOT, "%-16s|", name)) + " ";
        return line -> OUT.println(prefix + line);
    }

    private static void say(String message) {
        OUT.println(paint("1", String.format(Locale.ROOT, "%-16s|", "local-stack")) + " " + message);
    }

    private static String paint(String code, String text) {
        return COLOR ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String usage() {
        return String.join("\n",
                "deploy/local/run: builds Encore and starts it with its backing servers on this machine.",
                "Environment (defaults in brackets):",
                "  GRAPHQL_API_PORT [8080]  IDENTITY_SERVICE_PORT [8081]  MEDIA_SERVICE_PORT [8082]  CHAT_SERVICE_PORT [8083]",
                "  MONGO_PORT [27017]  REDIS_PORT [6379]  KAFKA_PORT [9092]  KAFKA_CONTROLLER_PORT [9093]",
                "  MONGODB_URI [unset: the embedded MongoDB wire server on MONGO_PORT]",
                "  LOCAL_DATA_DIR [.local-data]  ENCORE_JAVA_OPTS [-Xmx384m -XX:+UseSerialGC]",
                "  LOCAL_STACK_TIMEOUT_SECONDS [180]");
    }
}
