package dev.encore.media.cdn;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The one adapter to Cloudflare's API: purges URLs from the zone's cache
 * ({@code POST {apiBase}/zones/{zone}/purge_cache {"files": [...]}} with a bearer token).
 *
 * <p>Purging runs in the background and never fails the delete that asked for it: the media is already gone from the
 * origin, and a stale edge copy is a lesser harm than a delete that cannot complete while Cloudflare is down.
 * Rate limits (429) and server errors are retried with exponential backoff (honouring {@code Retry-After}); what still
 * fails is logged with the URLs and counted in {@code encore_media_cdn_purges_total{outcome="failed"}}, so an
 * operator can alert on it and purge by hand.
 */
@ApplicationScoped
public class CloudflarePurger {

    private static final System.Logger LOG = System.getLogger(CloudflarePurger.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    @Inject
    @ConfigProperty(name = "media.cdn.api-base")
    String apiBase;

    @Inject
    @ConfigProperty(name = "media.cdn.zone-id")
    Optional<String> zoneId;

    @Inject
    @ConfigProperty(name = "media.cdn.api-token")
    Optional<String> apiToken;

    @Inject
    @ConfigProperty(name = "media.cdn.purge.max-attempts")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "media.cdn.purge.initial-backoff")
    Duration initialBackoff;

    @Inject
    @ConfigProperty(name = "media.cdn.timeout")
    Duration timeout;

    @Inject
    MetricRegistry metrics;

    @Inject
    dev.encore.media.MediaConfig config;

    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private volatile HttpClient client;

    @jakarta.annotation.PostConstruct
    void validate() {
        if (enabled() && config.publicBaseUrl().isEmpty()) {
            throw new IllegalStateException("MEDIA_CDN_ZONE_ID and MEDIA_CDN_API_TOKEN are set, so MEDIA_PUBLIC_BASE_URL "
                                            + "(media.public-base-url) must name the public URL the CDN serves, "
                                            + "e.g. https://media.example.com: purges name absolute URLs");
        }
    }

    /** Purging is on when both a zone and an API token are configured. */
    public boolean enabled() {
        return zoneId.filter(z -> !z.isBlank()).isPresent() && apiToken.filter(t -> !t.isBlank()).isPresent();
    }

    /** Purges these absolute URLs in the background; completes with whether Cloudflare confirmed it. */
    public CompletableFuture<Boolean> purge(List<String> urls) {
        if (!enabled() || urls.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        return CompletableFuture.supplyAsync(() -> purgeNow(urls), background);
    }

    private boolean purgeNow(List<String> urls) {
        String body = Json.createObjectBuilder().add("files", Json.createArrayBuilder(urls)).build().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiBase.replaceAll("/+$", "") + "/zones/"
                                                                + zoneId.orElseThrow().trim() + "/purge_cache"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + apiToken.orElseThrow().trim())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        String lastProblem = "";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Duration wait = backoff(attempt);
            try {
                HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    count("purged");
                    return true;
                }
                lastProblem = "HTTP " + status + " " + abbreviate(response.body());
                if (status != 429 && status < 500) {
                    break; // a bad token or zone does not get better by asking again
                }
                wait = response.headers().firstValue("Retry-After").flatMap(CloudflarePurger::seconds).orElse(wait);
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lastProblem = "interrupted";
                break;
            }
            if (attempt < maxAttempts) {
                metrics.counter("encore.media.cdn.purge.retries").inc();
                sleep(wait);
            }
        }
        count("failed");
        LOG.log(System.Logger.Level.ERROR, "CDN purge failed, purge by hand: " + String.join(" ", urls)
                                           + " (" + lastProblem + ")");
        return false;
    }

    private Duration backoff(int attempt) {
        Duration wait = initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 16));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private static Optional<Duration> seconds(String retryAfter) {
        try {
            long value = Long.parseLong(retryAfter.trim());
            return Optional.of(Duration.ofSeconds(Math.min(Math.max(value, 0), MAX_BACKOFF.toSeconds())));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: fall back to our own backoff
        }
    }

    private void count(String outcome) {
        metrics.counter("encore.media.cdn.purges", new Tag("outcome", outcome)).inc();
    }

    private HttpClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(timeout).build();
                }
            }
        }
        return client;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.lines().collect(Collectors.joining(" "));
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }

    @PreDestroy
    void close() {
        background.shutdownNow();
    }
}
