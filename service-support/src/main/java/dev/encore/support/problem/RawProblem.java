package dev.encore.support.problem;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.encore.support.HttpDate;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Sends a problem+json from Helidon's routing, where JAX-RS (and its JSON-B writer) is not involved: unknown paths,
 * malformed URIs. The details are fixed strings, so the JSON is written by hand and never echoes the request.
 */
public final class RawProblem {

    private RawProblem() {
    }

    public static void send(ServerRequest request, ServerResponse response, Status status, String detail) {
        String json = "{\"type\":\"about:blank\",\"title\":\"" + status.reasonPhrase() + "\",\"status\":"
                      + status.code() + ",\"detail\":\"" + detail + "\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.status(status).header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                // an error handler's response starts afresh: the filter's Date is gone
                .header(HeaderNames.DATE, HttpDate.format(Instant.now()));
        if (request.prologue().method() == Method.HEAD) {
            response.header(HeaderNames.CONTENT_LENGTH, String.valueOf(body.length)).send(new byte[0]);
        } else {
            response.send(body);
        }
    }
}
