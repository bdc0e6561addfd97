package dev.encore.identity.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.encore.identity.IdentityApi;
import dev.encore.local.BackingServersExtension;
import dev.encore.support.security.TokenVerifier;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Not a test: a bounded load loop that reports login throughput and latency with the production Argon2 parameters,
 * and token verification throughput. Its name matches neither *Test nor *IT, so it only runs when asked for:
 *
 * <pre>deploy/mvn -pl identity-service verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=LoginBenchmark</pre>
 *
 * Each phase stops after its time or request budget, whichever comes first; everything runs on loopback.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "jwt.issuer", value = IdentityApi.ISSUER)
@AddConfig(key = "encore.profile", value = "local")
@AddConfig(key = "encore.data-dir", value = "target/it-data/bench")
class LoginBenchmark {

    private static final String EMAIL = "bench@example.com";
    private static final String PASSWORD = "benchmark password";

    @Inject
    WebTarget target;

    @Inject
    TokenVerifier verifier;

    @Test
    void measure() throws Exception {
        IdentityApi api = new IdentityApi(target);
        api.register(EMAIL, PASSWORD, "Bench").close();
        String accessToken = api.tokens(EMAIL, PASSWORD).getString("accessToken");
        URI base = target.getUri();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String loginBody = "{\"email\":\"" + EMAIL + "\",\"password\":\"" + PASSWORD + "\"}";
        Supplier<HttpRequest> login = () -> HttpRequest.newBuilder(base.resolve("/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(loginBody)).build();
        Supplier<HttpRequest> me = () -> HttpRequest.newBuilder(base.resolve("/users/me"))
                .header("Authorization", "Bearer " + accessToken).GET().build();

        run("warm-up login", client, login, 4, Duration.ofSeconds(5), 200);
        List<String> report = new ArrayList<>();
        report.add(run("login, 1 client", client, login, 1, Duration.ofSeconds(10), 1_000));
        report.add(run("login, 4 clients", client, login, 4, Duration.ofSeconds(15), 3_000));
        report.add(run("login, 16 clients", client, login, 16, Duration.ofSeconds(15), 3_000));
        run("warm-up me", client, me, 4, Duration.ofSeconds(3), 2_000);
        report.add(run("GET /users/me (verify + MongoDB read), 8 clients", client, me, 8, Duration.ofSeconds(10),
                       100_000));
        report.add(verifyLoop(accessToken, Duration.ofSeconds(5)));
        System.out.println();
        System.out.println("==== identity-service benchmark (Argon2id m=19456 KiB, t=2, p=1; RS256 2048) ====");
        report.forEach(System.out::println);
    }

    private String verifyLoop(String token, Duration budget) throws Exception {
        for (int i = 0; i < 2_000; i++) {
            verifier.verify(token);
        }
        long deadline = System.nanoTime() + budget.toNanos();
        long start = System.nanoTime();
        int count = 0;
        while (System.nanoTime() < deadline && count < 1_000_000) {
            verifier.verify(token);
            count++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "%-52s %8.0f verifications/s on one thread (%d in %.1f s)",
                             "token verification (service-support TokenVerifier)", count / seconds, count, seconds);
    }

    private static String run(String name, HttpClient client, Supplier<HttpRequest> request, int clients,
                              Duration budget, int maxRequests) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long deadline = System.nanoTime() + budget.toNanos();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    while (System.nanoTime() < deadline && issued.incrementAndGet() <= maxRequests) {
                        long begin = System.nanoTime();
                        try {
                            HttpResponse<String> response = client.send(request.get(),
                                                                        HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() != 200) {
                                failures.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                        latencies.add(System.nanoTime() - begin);
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "%-52s %8.1f req/s  p50 %6.1f ms  p99 %6.1f ms  (%d requests, %d non-200)",
                             name, sorted.size() / seconds, percentile(sorted, 50), percentile(sorted, 99),
                             sorted.size(), failures.get());
    }

    private static double percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
