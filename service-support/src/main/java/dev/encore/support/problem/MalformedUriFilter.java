package dev.encore.support.problem;

import java.net.URI;
import java.net.URISyntaxException;

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
 * A request whose path or query is not a valid URI (a percent-escape such as {@code %ZZ}, a character URIs do not
 * allow) answers 400 problem+json before any route sees it. Without this, Helidon's JAX-RS bridge fails to build the
 * request URI and its {@code RequestException} bypasses every error handler and exception mapper: a 500 text/plain
 * echoing the URI and Host header. A Helidon routing filter runs for every route (JAX-RS, health, OpenAPI, plain
 * Helidon routes), so checking here covers them all.
 */
@ApplicationScoped
public class MalformedUriFilter {

    static final String BAD_ESCAPE = "The request URI is not valid: a percent-escape is malformed.";
    static final String BAD_URI = "The request URI is not valid.";

    void register(@Observes @Initialized(ApplicationScoped.class) Object startup, BeanManager beans) {
        beans.getExtension(ServerCdiExtension.class).serverRoutingBuilder().addFilter(MalformedUriFilter::filter);
    }

    static void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String problem;
        try {
            problem = problem(request.prologue().uriPath().rawPath(), request.query().rawValue());
        } catch (RuntimeException e) {
            // Helidon decodes lazily and may itself refuse the URI; the cause text is not for the client.
            problem = BAD_URI;
        }
        if (problem == null) {
            chain.proceed();
        } else {
            RawProblem.send(request, response, Status.BAD_REQUEST_400, problem);
        }
    }

    /** @return what is wrong with the raw path and query, or {@code null} if they form a valid URI */
    static String problem(String rawPath, String rawQuery) {
        if (!escapesValid(rawPath) || !escapesValid(rawQuery)) {
            return BAD_ESCAPE;
        }
        try {
            // The same parse JAX-RS does when it builds the request URI.
            new URI(rawQuery == null || rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery);
            return null;
        } catch (URISyntaxException e) {
            return BAD_URI;
        }
    }

    private static boolean escapesValid(String raw) {
        if (raw == null) {
            return true;
        }
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (i + 2 >= raw.length() || !hex(raw.charAt(i + 1)) || !hex(raw.charAt(i + 2))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
