package dev.encore.support.problem;

import java.nio.charset.StandardCharsets;

import io.helidon.http.HeaderNames;
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
        String json = "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                      + "\"detail\":\"Nothing is served at this path.\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.status(Status.NOT_FOUND_404).header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (request.prologue().method() == io.helidon.http.Method.HEAD) {
            response.header(HeaderNames.CONTENT_LENGTH, String.valueOf(body.length)).send(new byte[0]);
        } else {
            response.send(body);
        }
    }
}
