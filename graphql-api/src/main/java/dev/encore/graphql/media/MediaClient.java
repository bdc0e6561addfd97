package dev.encore.graphql.media;

import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * media-service, as graphql-api needs it: the stream URL of a media id, from {@code GET /media/{id}}.
 *
 * <p>Why ask media-service rather than build the URL here: stream URLs are media-service's (content-addressed
 * paths, and HMAC-signed for the CDN when signing is on, with a secret only media-service holds). Answers are kept
 * in-process for {@code media.stream-url.cache-ttl}, well inside a signature's lifetime. The call is non-blocking
 * (the JDK client's async API) and bounded by {@code media.timeout}; when media-service cannot answer, the URL is
 * null for this response (counted in {@code encore_media_lookups_failed_total}, logged at most once a minute)
 * rather than failing the songs around it.
 */
@ApplicationScoped
public class MediaClient {

    private static final System.Logger LOG = System.getLogger(MediaClient.class.getName());
    private static final String NONE = "";

    @Inject
    @ConfigProperty(name = "media.base-url")
    String baseUrl;

    @Inject
    @ConfigProperty(name = "media.timeout")
    Duration timeout;

    @Inject
    @ConfigProperty(name = "media.stream-url.cache-ttl")
    Duration cacheTtl;

    @Inject
    MetricRegistry metrics;

    private HttpClient http;
    /** Stream URLs by media id ({@code NONE} for media-service's 404/410), bounded like the map it replaced. */
    private Cache<String, String> cache;
    private final AtomicLong lastFailureLog = new AtomicLong();

    @PostConstruct
    void init() {
        http = HttpClient.newBuilder().connectTimeout(timeout).build();
        cache = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(10_000).build();
    }

    /** The stream URL of each media id that media-service knows; ids it does not know (or cannot say) are absent. */
    public Uni<Map<String, String>> streamUrls(Collection<String> mediaIds) {
        List<Uni<Map.Entry<String, String>>> lookups = mediaIds.stream().distinct()
                .map(id -> streamUrl(id).map(url -> Map.entry(id, url))).toList();
        if (lookups.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Uni.join().all(lookups).andFailFast().map(entries -> {
            Map<String, String> urls = new HashMap<>();
            entries.stream().filter(entry -> !entry.getValue().isEmpty())
                    .forEach(entry -> urls.put(entry.getKey(), entry.getValue()));
            return urls;
        });
    }

    /** The stream URL, or an empty string when there is none (unknown media, or media-service not answering). */
    private Uni<String> streamUrl(String mediaId) {
        String cached = cache.getIfPresent(mediaId);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/media/"
                        + URLEncoder.encode(mediaId, StandardCharsets.UTF_8)))
                .timeout(timeout).header("Accept", "application/json").GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .map(response -> {
                    String url = switch (response.statusCode()) {
                        case 200 -> streamUrlOf(response.body());
                        case 404, 410 -> NONE;
                        default -> throw new IllegalStateException("media-service answered " + response.statusCode());
                    };
                    cache.put(mediaId, url);
                    return url;
                })
                .onFailure().recoverWithItem(failure -> {
                    metrics.counter("encore.media.lookups.failed").inc();
                    long now = System.nanoTime();
                    long last = lastFailureLog.get();
                    if (now - last > Duration.ofMinutes(1).toNanos() && lastFailureLog.compareAndSet(last, now)) {
                        LOG.log(Level.WARNING, "media-service did not give a stream URL: " + failure);
                    }
                    return NONE;
                });
    }

    private static String streamUrlOf(String body) {
        JsonObject media = Json.createReader(new StringReader(body)).readObject();
        JsonValue url = media.get("streamUrl");
        return url instanceof jakarta.json.JsonString string ? string.getString() : NONE;
    }
}
