package dev.encore.graphql.media;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * media-service, as graphql-api needs it: the stream URL of a media id, from {@code GET /media/{id}}.
 *
 * <p>Why ask media-service rather than build the URL here: stream URLs are media-service's (content-addressed
 * paths, and HMAC-signed for the CDN when signing is on, with a secret only media-service holds). Answers are kept
 * in-process for {@code media.stream-url.cache-ttl}, well inside a signature's lifetime. Each lookup is one
 * {@link MediaLookups} call (MicroProfile Rest Client, non-blocking, with timeout, one retry and a circuit breaker);
 * when media-service cannot answer, the URL is null for this response (counted in
 * {@code encore_media_lookups_failed_total}) rather than failing the songs around it, and nothing is cached.
 */
@ApplicationScoped
public class MediaClient {

    @Inject
    MediaLookups lookups;

    @Inject
    @ConfigProperty(name = "media.stream-url.cache-ttl")
    Duration cacheTtl;

    /** Stream URLs by media id ({@code NONE} for media-service's 404/410): 10,000 at most, each for {@code cacheTtl}. */
    private Cache<String, String> cache;

    @PostConstruct
    void init() {
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
        // null is the fallback's "could not ask": not an answer, so not cached
        return Uni.createFrom().completionStage(() -> lookups.streamUrl(mediaId)).map(url -> {
            if (url == null) {
                return MediaLookups.NONE;
            }
            cache.put(mediaId, url);
            return url;
        });
    }
}
