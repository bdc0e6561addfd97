package dev.encore.support.http;

import java.time.Instant;

import dev.encore.support.HttpDate;
import io.helidon.http.HeaderNames;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * Writes every response's {@code Date} as an {@link HttpDate} ({@code Tue, 01 Dec 2026 03:12:51 GMT}) instead of
 * Helidon's, which drops the leading zero of a one-digit day. Helidon adds its own only when the response has none.
 * Formatted once a second.
 * Routes that start their response afresh (error handlers, Helidon's /health, /metrics and /openapi) drop it; our
 * own error answers ({@code RawProblem}) set it again.
 */
@ApplicationScoped
public class DateHeaderFilter {

    private record Formatted(long second, String value) {
    }

    private static volatile Formatted last = new Formatted(-1, "");

    void register(@Observes @Initialized(ApplicationScoped.class) Object startup, BeanManager beans) {
        beans.getExtension(ServerCdiExtension.class).serverRoutingBuilder().addFilter(DateHeaderFilter::filter);
    }

    static void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        response.header(HeaderNames.DATE, now(Instant.now()));
        chain.proceed();
    }

    /** The header value for this instant, reused within the same second. */
    public static String now(Instant instant) {
        Formatted current = last;
        if (current.second() != instant.getEpochSecond()) {
            current = new Formatted(instant.getEpochSecond(), HttpDate.format(instant));
            last = current;
        }
        return current.value();
    }
}
