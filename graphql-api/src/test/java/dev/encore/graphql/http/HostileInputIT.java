package dev.encore.graphql.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.encore.graphql.GraphqlClient;
import dev.encore.graphql.MediaServiceStub;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.RawHttp;
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
            RawHttp.Answer answer = RawHttp.exchange(target.getUri().getPort(), "POST " + path + " HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: -1",
                                  "{}".getBytes(StandardCharsets.US_ASCII));
            assertThat(path, answer.status(), is(400));
            assertThat(answer.header("Content-Type"), startsWith("application/problem+json"));
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

}
