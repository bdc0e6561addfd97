package dev.encore.chat.tools;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.encore.local.BackingServers;
import dev.encore.local.ChatRoomLoad;
import dev.encore.local.Processes;
import dev.encore.local.TestTokenIssuer;

/**
 * The chat benchmark from issue 8, rerunnable: starts the backing servers and a token issuer in this JVM, one or more
 * chat-service instances as child JVMs from {@code target/chat-service.jar}, then N clients in one room that send M
 * messages each at a fixed total rate (local-stack's {@link ChatRoomLoad}, which the drills' chat load shares). Reports
 * deliveries/s, send-to-receipt latency at every other client, lost, duplicated and out-of-order counts, error frames,
 * the instances' CPU time per delivery (from /proc) and each instance's heap and RSS.
 *
 * <pre>
 * deploy/mvn -q -pl chat-service -am package dependency:build-classpath -DskipTests \
 *     -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * java -cp chat-service/target/test-classes:$(cat chat-service/target/test-cp.txt) dev.encore.chat.tools.LoadClient \
 *      --clients 200 --messages 20 --rate 50 [--replicas 2] [--jar other/chat-service.jar] [--java-options "-Xmx512m"]
 * </pre>
 * {@code --jar} runs another build (its {@code libs/} beside it), to compare two versions on the same machine;
 * {@code --java-options} replaces the instances' JVM options (default {@code -Xmx512m}). Each instance logs its GC
 * pauses to {@code target/load-gc-<port>.log}, summarized in the report.
 */
public final class LoadClient {

    private final int clients;
    private final int messages;
    private final double rate;
    private final int replicas;
    private final Path jar;
    private final List<String> javaOptions;

    private LoadClient(int clients, int messages, double rate, int replicas, Path jar, List<String> javaOptions) {
        this.clients = clients;
        this.messages = messages;
        this.rate = rate;
        this.replicas = replicas;
        this.jar = jar;
        this.javaOptions = javaOptions;
    }

    public static void main(String[] args) throws Exception {
        int clients = 200;
        int messages = 20;
        double rate = 50;
        int replicas = 1;
        Path jar = Files.exists(Path.of("chat-service/target/chat-service.jar"))
                ? Path.of("chat-service/target/chat-service.jar") : Path.of("target/chat-service.jar");
        List<String> javaOptions = List.of("-Xmx512m");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--messages" -> messages = Integer.parseInt(args[i + 1]);
                case "--rate" -> rate = Double.parseDouble(args[i + 1]);
                case "--replicas" -> replicas = Integer.parseInt(args[i + 1]);
                case "--jar" -> jar = Path.of(args[i + 1]);
                case "--java-options" -> javaOptions = List.of(args[i + 1].trim().split("\\s+"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        new LoadClient(clients, messages, rate, replicas, jar, javaOptions).run();
        System.exit(0);
    }

    private void run() throws Exception {
        BackingServers servers = BackingServers.shared();
        TestTokenIssuer issuer = TestTokenIssuer.shared();
        List<Process> instances = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int r = 0; r < replicas; r++) {
                int port = freePort();
                ports.add(port);
                urls.add("http://127.0.0.1:" + port);
                instances.add(startInstance(jar, javaOptions, port, servers, issuer));
            }
            for (int port : ports) {
                awaitReady(port);
            }
            List<String> tokens = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                tokens.add(issuer.token("load-" + c, "listener"));
            }
            // No resends: the benchmark counts error frames instead (with the raised rate limit there are none).
            try (ChatRoomLoad load = new ChatRoomLoad(urls, tokens, messages, 0)) {
                Thread.sleep(1000);
                System.out.printf("%d clients on %d instance(s), %d messages at %.0f msg/s%n", clients, replicas,
                        clients * messages, rate);
                long[] cpuBefore = cpuTicks(instances);
                long start = System.nanoTime();
                load.send(rate);
                load.await(Duration.ofSeconds(60));
                long end = System.nanoTime();
                long[] cpuAfter = cpuTicks(instances);
                Thread.sleep(500); // late duplicates
                report(load.result(), start, end, ports, instances, cpuBefore, cpuAfter);
            }
        } finally {
            instances.forEach(instance -> Processes.stop(instance, Duration.ofSeconds(10)));
        }
    }

    private void report(ChatRoomLoad.Result result, long start, long end, List<Integer> ports, List<Process> instances,
                        long[] cpuBefore, long[] cpuAfter) throws Exception {
        double seconds = (end - start) / 1e9;
        System.out.printf("delivered %d of %d in %.1f s: %.0f deliveries/s%n", result.delivered(), result.expected(),
                seconds, result.delivered() / seconds);
        System.out.printf("latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n", result.percentileMillis(50),
                result.percentileMillis(95), result.percentileMillis(99), result.percentileMillis(100));
        System.out.printf("lost %d  duplicated %d  out-of-order %d  error frames %s%n", result.lost(),
                result.duplicates(), result.outOfOrder(), result.errors().isEmpty() ? "none" : result.errors());
        long ticks = 0;
        for (int i = 0; i < instances.size(); i++) {
            ticks += cpuAfter[i] - cpuBefore[i];
        }
        // /proc/<pid>/stat counts in clock ticks of 10 ms (USER_HZ 100 on Linux).
        System.out.printf("cpu (all instances, sends to last receipt): %.2f s, %.1f us per delivery%n", ticks / 100.0,
                result.delivered() == 0 ? 0 : ticks * 10_000.0 / result.delivered());
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < ports.size(); i++) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(i) + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            String heap = metrics.lines().filter(l -> l.startsWith("memory_usedHeap_bytes")).findFirst().orElse("?");
            String rss = Files.readAllLines(Path.of("/proc/" + instances.get(i).pid() + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM")).toList().toString();
            System.out.printf("instance %d: %s %s%n", i, heap, rss);
            System.out.println("  " + gcSummary(ports.get(i)));
            metrics.lines().filter(l -> l.startsWith("chat_") && !l.startsWith("# ")).forEach(l -> System.out.println("  " + l));
        }
    }

    /** utime + stime of each instance, in clock ticks, from /proc/<pid>/stat (fields 14 and 15). */
    static long[] cpuTicks(List<Process> instances) throws IOException {
        long[] ticks = new long[instances.size()];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = cpuTicks(instances.get(i).pid());
        }
        return ticks;
    }

    /** utime + stime of one process, in clock ticks of 10 ms. */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static Process startInstance(Path jar, List<String> javaOptions, int port, BackingServers servers,
                                 TestTokenIssuer issuer) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(javaOptions);
        command.addAll(List.of("-Xlog:gc:file=" + gcLog(port),
                "-Dserver.port=" + port, "-Dserver.host=127.0.0.1",
                "-Dmongodb.uri=" + servers.mongo().uri(), "-Dmongodb.database=bench",
                "-Dredis.url=" + servers.redis().url(),
                "-Dkafka.bootstrap.servers=" + servers.kafka().bootstrapServers(),
                "-Djwt.issuer=" + issuer.issuer(), "-Djwt.jwks-url=" + issuer.jwksUrl(),
                "-Djwt.audience=" + TestTokenIssuer.AUDIENCE,
                // The benchmark measures fan-out, not the per-user limit (400 msg/s is 2 msg/s per client).
                "-Dchat.rate-limit.messages=1000",
                "-jar", jar.toString()));
        return new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "load-instance-" + port + ".log").toFile()))
                .redirectErrorStream(true)
                .start();
    }

    private static Path gcLog(int port) {
        return Path.of("target", "load-gc-" + port + ".log");
    }

    /** The collector and its stop-the-world pauses from the instance's -Xlog:gc file: how much of the tail is GC. */
    static String gcSummary(int port) throws IOException {
        List<String> lines = Files.readAllLines(gcLog(port));
        String collector = lines.stream().filter(l -> l.contains("Using ")).findFirst()
                .map(l -> l.substring(l.indexOf("Using ") + 6)).orElse("?");
        double[] pauses = lines.stream().filter(l -> l.contains(" Pause ") && l.endsWith("ms"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1, l.length() - 2))).sorted().toArray();
        if (pauses.length == 0) {
            return "GC " + collector + ": no pauses at -Xlog:gc level";
        }
        return String.format("GC %s: %d pauses, total %.0f ms, p50 %.1f ms, max %.1f ms", collector, pauses.length,
                Arrays.stream(pauses).sum(), pauses[pauses.length / 2], pauses[pauses.length - 1]);
    }

    static void awaitReady(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("instance on port " + port + " not ready within 90 s");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
