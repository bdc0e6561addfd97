package dev.encore.support.problem;

import io.helidon.http.NotFoundException;
import io.helidon.http.Status;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * A path that no route serves answers 404 problem+json like every other error, not Helidon's plain text. JAX-RS hands
 * unmatched requests back to Helidon's routing (so {@code /health}, {@code /metrics} and {@code /openapi} stay
 * reachable); when nothing else serves them either, Helidon's routing ends in a {@link NotFoundException}, handled here.
 */
@ApplicationScoped
public class UnknownPathHandler {

    void register(@Observes @Initialized(ApplicationScoped.class) Object startup, BeanManager beans) {
        beans.getExtension(ServerCdiExtension.class).serverRoutingBuilder()
                .error(NotFoundException.class, UnknownPathHandler::answer);
    }

    static void answer(ServerRequest request, ServerResponse response, NotFoundException notFound) {
        if (response.isSent()) {
            return;
        }
        RawProblem.send(request, response, Status.NOT_FOUND_404, "Nothing is served at this path.");
    }
}
