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
 * malformed URIs, and the routes that answer without JAX-RS. The JSON is written by hand; details are our own words
 * (escaped all the same) and never echo the request.
 */
public final class RawProblem {

    private RawProblem() {
    }

    public static void send(ServerRequest request, ServerResponse response, Status status, String detail) {
        String json = "{\"type\":\"about:blank\",\"title\":\"" + status.reasonPhrase() + "\",\"status\":"
                      + status.code() + ",\"detail\":\"" + escaped(detail) + "\"}";
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

    /** A JSON string's content: quotes, backslashes and control characters escaped. */
    static String escaped(String text) {
        StringBuilder json = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.toString();
    }
}
