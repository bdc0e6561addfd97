package dev.encore.graphql.media;

import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonString;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * One stream-URL lookup at media-service, with MicroProfile Fault Tolerance around it.
 *
 * <p>A lookup is bounded by {@code media.timeout} (the client's connect and read timeouts; MP FT's {@code @Timeout}
 * takes a constant, so it is only a backstop here). The circuit breaker stops asking a failing media-service for
 * 5 s once half of the last 10 lookups failed, so an outage costs no timeout per song. No {@code @Retry}: a read
 * timeout is a {@code ProcessingException} too, and a retry would double the wait the songs see. Whatever goes
 * wrong, the answer is "could not ask" ({@link #none}, a null URL): the songs around a stream URL must not fail because of it. 404 and
 * 410 are answers, not failures: they map to "no URL" inside the breaker, so unknown media never open it.
 */
@ApplicationScoped
public class MediaLookups {

    static final String NONE = "";
    private static final System.Logger LOG = System.getLogger(MediaLookups.class.getName());

    @Inject
    @ConfigProperty(name = "media.base-url")
    String baseUrl;

    @Inject
    @ConfigProperty(name = "media.timeout")
    Duration timeout;

    @Inject
    MetricRegistry metrics;

    private ExecutorService threads;
    private MediaRestClient media;

    @PostConstruct
    void init() {
        threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("media-client-", 0).factory());
        media = RestClientBuilder.newBuilder()
                .baseUri(URI.create(baseUrl.replaceAll("/+$", "")))
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .executorService(threads)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(MediaRestClient.class);
    }

    @PreDestroy
    void close() {
        threads.shutdownNow();
    }

    /** The stream URL of a media id, {@link #NONE} when media-service has none, {@code null} when it cannot say. */
    @Asynchronous
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "none")
    public CompletionStage<String> streamUrl(String mediaId) {
        return media.find(mediaId).thenApply(MediaLookups::streamUrlOf);
    }

    /** The fallback (also when the breaker is open): counted, and a null URL that the caller does not cache. */
    CompletionStage<String> none(String mediaId) {
        metrics.counter("encore.media.lookups.failed").inc();
        LOG.log(Level.DEBUG, "media-service did not give a stream URL for " + mediaId);
        return CompletableFuture.completedFuture(null);
    }

    private static String streamUrlOf(Response response) {
        try (response) {
            return switch (response.getStatus()) {
                case 200 -> Json.createReader(new StringReader(response.readEntity(String.class))).readObject()
                        .get("streamUrl") instanceof JsonString url ? url.getString() : NONE;
                case 404, 410 -> NONE;
                default -> throw new IllegalStateException("media-service answered " + response.getStatus());
            };
        }
    }
}
