package dev.encore.support.http;

import java.util.List;

import dev.encore.support.problem.RawProblem;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * A {@code Content-Length} that is not a plain decimal number of bytes ({@code -1}, {@code +5})
 * answers 400 problem+json at once and closes the connection (RFC 9112 6.3: the framing is unknown, so nothing after
 * it on the connection can be trusted). Helidon 4.1.2 refuses non-numbers itself, but takes {@code -1} and {@code +5}
 * as lengths and then waits for a body that never comes: measured, no answer within 10 s. A routing filter runs
 * before any handler reads the body, for JAX-RS and plain Helidon routes alike.
 */
@ApplicationScoped
public class ContentLengthFilter {

    static final String DETAIL = "The Content-Length header must be one decimal number of bytes.";
    /** 18 digits always fit in a long. */
    private static final int MAX_DIGITS = 18;

    void register(@Observes @Initialized(ApplicationScoped.class) Object startup, BeanManager beans) {
        beans.getExtension(ServerCdiExtension.class).serverRoutingBuilder().addFilter(ContentLengthFilter::filter);
    }

    static void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        List<String> values = request.headers().contains(HeaderNames.CONTENT_LENGTH)
                ? request.headers().get(HeaderNames.CONTENT_LENGTH).allValues()
                : List.of();
        if (values.isEmpty() || valid(values)) {
            chain.proceed();
            return;
        }
        response.header(HeaderValues.CONNECTION_CLOSE);
        RawProblem.send(request, response, Status.BAD_REQUEST_400, DETAIL);
    }

    /** One length, or the same one repeated (RFC 9112 6.3 allows "42, 42"); digits only. */
    static boolean valid(List<String> values) {
        String first = null;
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                String length = part.trim();
                if (length.isEmpty() || length.length() > MAX_DIGITS || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return false;
                }
                if (first == null) {
                    first = length;
                } else if (!first.equals(length)) {
                    return false;
                }
            }
        }
        return true;
    }
}
