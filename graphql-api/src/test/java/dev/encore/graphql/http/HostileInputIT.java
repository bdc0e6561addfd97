package dev.encore.graphql.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.encore.graphql.GraphqlClient;
import dev.encore.graphql.MediaServiceStub;
import dev.encore.local.BackingServersExtension;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * graphql-api at the HTTP level: a bad Content-Length is a prompt 400 problem on every route; the JSON depth guard of
 * the REST services leaves {@code /graphql} alone, which reads its body itself and answers in GraphQL's shape; a JSON
 * body sent to the read-only REST twin is a 405, not a 5xx.
 */
@ExtendWith(BackingServersExtension.class)
@ExtendWith(MediaServiceStub.class)
@HelidonTest
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
class HostileInputIT {

    @Inject
    WebTarget target;

    @Test
    void negativeContentLengthIsA400ProblemAtOnce() throws IOException {
        for (String path : new String[] {"/graphql", "/catalog/songs/x"}) {
            String head = rawHead("POST " + path + " HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: -1",
                                  "{}".getBytes(StandardCharsets.US_ASCII));
            assertThat(path, head, startsWith("HTTP/1.1 400"));
            assertThat(head.toLowerCase(), containsString("content-type: application/problem+json"));
        }
    }

    @Test
    void graphqlKeepsItsOwnAnswerForANestedBody() {
        GraphqlClient.Answer answer = new GraphqlClient(target.getUri()).raw("POST", "/graphql",
                Map.of("Content-Type", "application/json"), "[".repeat(100) + "]".repeat(100));
        assertThat(answer.status(), is(400));
        assertThat(answer.contentType(), not(containsString("problem+json")));
        assertThat(answer.json().getJsonArray("errors").getJsonObject(0).getString("message"),
                   containsString("JSON object"));
    }

    @Test
    void aJsonBodyOnTheReadOnlyRestTwinIs405() {
        GraphqlClient.Answer answer = new GraphqlClient(target.getUri()).raw("POST", "/catalog/songs/x",
                Map.of("Content-Type", "application/json"), "[".repeat(10_000) + "]".repeat(10_000));
        assertThat(answer.status(), is(405));
    }

    /**
     * One request over a plain socket (clients refuse to send a bad Content-Length); returns the status line and
     * headers of the answer, or what arrived before the server closed or 10 s passed.
     */
    private String rawHead(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", target.getUri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            for (int b; answer.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0; ) {
                answer.append((char) b);
            }
            return answer.toString();
        }
    }
}
