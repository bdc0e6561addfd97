package dev.encore.graphql.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.encore.graphql.GraphqlClient;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.RawHttp;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * What {@code /graphql} keeps from the HTTP rules every JAX-RS endpoint follows, now that it is a Helidon route of its
 * own: the body size limit (declared or chunked), the body deadline, bearer tokens, the methods it answers, HEAD, and
 * its place in the OpenAPI document. The limits are set low here so the tests stay fast; the rules are the same at
 * any size.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "encore.max-body-size", value = "2048")
@AddConfig(key = "encore.request-body.timeout", value = "PT2S")
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
class GraphqlRouteIT {

    private static final String POST = "POST /graphql HTTP/1.1\r\nContent-Type: application/json";

    @Inject
    WebTarget target;

    private GraphqlClient client;

    @BeforeEach
    void client() {
        client = new GraphqlClient(target.getUri());
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413Problem() throws IOException {
        byte[] body = query(3000);
        assertTooLarge(RawHttp.exchange(port(), POST + "\r\nContent-Length: " + body.length, body));
    }

    @Test
    void aChunkedBodyOverTheLimitIs413Problem() throws IOException {
        assertTooLarge(RawHttp.exchange(port(), POST + "\r\nTransfer-Encoding: chunked", RawHttp.chunked(query(3000),
                500)));
    }

    @Test
    void aChunkedBodyWithinTheLimitRuns() throws IOException {
        RawHttp.Answer answer = RawHttp.exchange(port(), POST + "\r\nTransfer-Encoding: chunked",
                RawHttp.chunked(query(2000), 500));
        assertThat(answer.body(), answer.status(), is(200));
        assertThat(answer.body(), startsWith("{\"data\":{\"__typename\":\"Query\"}}"));
    }

    @Test
    void aBodyTricklingInIsCutOffWith408AndTheConnectionClosed() throws IOException, InterruptedException {
        String answer = RawHttp.trickle(port(), POST);
        assertThat(answer, startsWith("HTTP/1.1 408"));
        assertThat(answer.toLowerCase(), containsString("connection: close"));
        assertThat(answer, containsString("application/problem+json"));
    }

    /** Helidon puts no read timeout on server sockets: a body that stops arriving would hold its thread forever. */
    @Test
    void aBodyThatStopsArrivingIsCutOff() throws IOException {
        String answer = RawHttp.stall(port(), POST, "{\"query\":");
        // Cut off: a 408 when the answer could still be written, else the connection closed.
        assertThat(answer, anyOf(startsWith("HTTP/1.1 408"), is(""), is("(connection reset)")));
    }

    @Test
    void everyAnswerIsTimedPerMethodForTheOperator() {
        double posts = requestCount("POST");
        double gets = requestCount("GET");
        client.post("{ __typename }", (String) null);
        client.raw("GET", "/graphql?query=%7B__typename%7D", Map.of(), null);
        assertThat(requestCount("POST"), is(posts + 1));
        assertThat(requestCount("GET"), is(gets + 1));
    }

    /** {@code encore_graphql_requests_seconds_count} for the method, 0 before the first request. */
    private double requestCount(String method) {
        String metrics = target.path("/metrics").request().get(String.class);
        Matcher count = Pattern.compile("(?m)^encore_graphql_requests_seconds_count\\{[^}]*method=\"" + method
                                        + "\"[^}]*} (\\S+)$").matcher(metrics);
        return count.find() ? Double.parseDouble(count.group(1)) : 0;
    }

    @Test
    void aTokenThatDoesNotVerifyIs401OnEveryMethodButOptions() {
        String forged = TestTokenIssuer.shared().forgedToken("u1", "admin");
        GraphqlClient.Answer post = client.post("{ __typename }", forged);
        assertThat(post.status(), is(401));
        assertThat(post.contentType(), startsWith("application/problem+json"));
        assertThat(post.header("WWW-Authenticate"), containsString("invalid_token"));
        GraphqlClient.Answer get = client.raw("GET", "/graphql?query=%7B__typename%7D",
                Map.of("Authorization", "Bearer " + forged), null);
        assertThat(get.status(), is(401));
        GraphqlClient.Answer basic = client.raw("POST", "/graphql", Map.of("Content-Type", "application/json",
                "Authorization", "Basic dTpw"), "{\"query\":\"{ __typename }\"}");
        assertThat(basic.status(), is(401));
        GraphqlClient.Answer options = client.raw("OPTIONS", "/graphql", Map.of("Authorization", "Bearer " + forged),
                null);
        assertThat(options.status(), is(200));
    }

    @Test
    void aValidTokenReachesTheResolversAsTheCaller() {
        String token = TestTokenIssuer.shared().token("route-user", "curator");
        assertThat(client.data("{ me { id } }", token).getJsonObject("me").getString("id"), is("route-user"));
    }

    @Test
    void optionsListsTheMethodsAndOthersAre405WithAllow() {
        GraphqlClient.Answer options = client.raw("OPTIONS", "/graphql", Map.of(), null);
        assertThat(options.status(), is(200));
        assertThat(options.header("Allow"), containsString("POST"));
        assertThat(options.header("Allow"), containsString("GET"));
        for (String method : new String[] {"PUT", "DELETE", "PATCH"}) {
            GraphqlClient.Answer answer = client.raw(method, "/graphql", Map.of("Content-Type", "application/json"),
                    "{}");
            assertThat(method, answer.status(), is(405));
            assertThat(answer.header("Allow"), containsString("POST"));
            assertThat(answer.contentType(), startsWith("application/problem+json"));
        }
        assertThat(client.raw("POST", "/graphql/schema.graphql", Map.of(), "").status(), is(405));
    }

    @Test
    void headAnnouncesWhatGetWouldSendWithoutTheBody() throws IOException {
        String query = "/graphql?query=%7B__typename%7D";
        GraphqlClient.Answer get = client.raw("GET", query, Map.of(), null);
        RawHttp.Answer head = RawHttp.exchange(port(), "HEAD " + query + " HTTP/1.1", null);
        assertThat(head.status(), is(200));
        assertThat(head.header("Content-Length"), is(String.valueOf(get.raw().body().length())));
        assertThat(head.header("ETag"), is(get.header("ETag")));
        assertThat(head.body(), is(""));
    }

    @Test
    void theOpenApiDocumentStillDescribesGraphqlOverHttp() {
        String document = client.raw("GET", "/openapi", Map.of("Accept", "application/yaml"), null).raw().body();
        assertThat(document, containsString("/graphql:"));
        assertThat(document, containsString("/graphql/schema.graphql:"));
        assertThat(document, containsString("/catalog/songs/{id}:"));
    }

    private static void assertTooLarge(RawHttp.Answer answer) {
        assertThat(answer.body(), answer.status(), is(413));
        assertThat(answer.header("Content-Type"), is("application/problem+json"));
        assertThat(answer.body(), containsString("2 KiB"));
    }

    /** A valid request body of exactly {@code size} bytes: {@code { __typename }} padded with spaces. */
    private static byte[] query(int size) {
        String json = "{\"query\":\"{ __typename }\"}";
        return (json + " ".repeat(size - json.length())).getBytes(StandardCharsets.UTF_8);
    }

    private int port() {
        return target.getUri().getPort();
    }
}
