package dev.encore.graphql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.encore.graphql.HostileDocuments.fragmentBomb;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * What an attacker sends to {@code /graphql}, over a real socket: fragment bombs from 10 to 60 levels, abusive
 * introspection, the depth, alias and complexity bombs (over POST, GET and the WebSocket), and JSON nested far too
 * deep (the body, variables, a variable of type {@code ID!}). Each must be a request error with its code and a message
 * naming the limit, never a 500 or a busy core, and the server must answer {@code { __typename }} afterwards.
 *
 * <p>Each answer's time is measured and printed (in
 * {@code target/failsafe-reports/dev.encore.graphql.GraphqlHostileInputIT-output.txt}); the assertions are on the
 * answers, not on the times.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
class GraphqlHostileInputIT {

    private static final String LIMIT_ERROR = "GRAPHQL_VALIDATION_FAILED";
    /** Every limit's message ends by stating it. */
    private static final String NAMES_A_LIMIT = "(?s).*(the limit is \\d+|allows it once).*";
    private static final Map<String, String> STRICT = Map.of("Content-Type", "application/json",
            "Accept", "application/graphql-response+json");
    private static final List<String> TIMINGS = new ArrayList<>();

    @Inject
    WebTarget target;

    private GraphqlClient client;

    @BeforeEach
    void client() {
        client = new GraphqlClient(target.getUri());
    }

    @AfterAll
    static void printTimings() {
        System.out.println("Answer times (client round trip on loopback, this machine):");
        TIMINGS.forEach(System.out::println);
    }

    @Test
    void refusesFragmentBombsWithALimitErrorOverPostAndGet() {
        // Warm up (class loading, JIT) so the figures are a running server's, not the first request's.
        assertStillAnswers();
        assertLimitError(client.post(fragmentBomb(12), null));
        for (int levels : new int[] {10, 15, 20, 22, 24, 30, 40, 50, 60}) {
            String bomb = fragmentBomb(levels);
            GraphqlClient.Answer post = timed("fragment bomb, " + levels + " levels (" + bomb.length()
                                              + " chars), POST", () -> client.post(bomb, null));
            assertLimitError(post);
            GraphqlClient.Answer get = timed("fragment bomb, " + levels + " levels, GET",
                    () -> client.get(bomb, Map.of(), "application/graphql-response+json"));
            assertLimitError(get);
        }
        assertStillAnswers();
    }

    @Test
    void refusesFragmentBombsOverTheWebSocket() {
        String token = TestTokenIssuer.shared().token("bomber", "listener");
        try (WsClient ws = WsClient.initialized(target.getUri(), token)) {
            for (int levels : new int[] {20, 40, 60}) {
                String id = "bomb" + levels;
                JsonObject error = timed("fragment bomb, " + levels + " levels, WebSocket subscribe", () -> {
                    ws.subscribe(id, fragmentBomb(levels), null);
                    return ws.next();
                });
                assertThat(error.toString(), error.getString("type"), is("error"));
                assertThat(error.getString("id"), is(id));
                JsonObject first = error.getJsonArray("payload").getJsonObject(0);
                assertThat(first.getJsonObject("extensions").getString("code"), is(LIMIT_ERROR));
                assertThat(first.getString("message"), matchesPattern(NAMES_A_LIMIT));
            }
            ws.subscribe("after", "{ __typename }", null);
            assertThat(ws.next().getJsonObject("payload").getJsonObject("data").getString("__typename"), is("Query"));
        }
        assertStillAnswers();
    }

    @Test
    void refusesIntrospectionAbuseWithALimitErrorYetServesGraphiqlsOwnQuery() throws IOException {
        String chain = "kind name";
        for (int i = 0; i < 20; i++) {
            chain = "kind name ofType { " + chain + " }";
        }
        String deepOfType = "{ __schema { types { fields { type { " + chain + " } } } } }";
        assertLimitError(timed("introspection, 20-level ofType chain", () -> client.post(deepOfType, null)));

        String fieldsInOfType = "fields { type { ofType { kind } } }";
        for (int i = 0; i < 9; i++) {
            fieldsInOfType = "fields { type { ofType { " + fieldsInOfType + " } } }";
        }
        String repeated = "{ __schema { types { " + fieldsInOfType + " } } }";
        assertLimitError(timed("introspection, fields under 9 ofType levels", () -> client.post(repeated, null)));

        String twice = "{ a: __schema { queryType { name } } b: __schema { queryType { name } } }";
        GraphqlClient.Answer schemaTwice = timed("introspection, __schema twice", () -> client.post(twice, null));
        assertLimitError(schemaTwice);
        assertThat(schemaTwice.errors().getJsonObject(0).getString("message"),
                is("The query asks for __schema 2 times; introspection allows it once."));

        String graphiql = graphiqlIntrospection();
        String fullSchema = graphiql.substring(graphiql.indexOf("__schema"), graphiql.indexOf("fragment FullType"))
                .trim();
        fullSchema = fullSchema.substring(0, fullSchema.lastIndexOf('}'));
        StringBuilder aliased = new StringBuilder("query Aliased {");
        for (int i = 0; i < 30; i++) {
            aliased.append(" s").append(i).append(": ").append(fullSchema);
        }
        aliased.append(" }").append(graphiql.substring(graphiql.indexOf("fragment FullType")));
        assertLimitError(timed("introspection, 30 aliases of the full __schema", () -> client.post(aliased.toString(),
                null)));

        GraphqlClient.Answer own = timed("GraphiQL's introspection query (accepted)", () -> client.post(graphiql,
                null));
        assertThat(own.status(), is(200));
        assertThat(own.errors().toString(), own.errors().isEmpty(), is(true));
        assertThat(own.data().getJsonObject("__schema").getJsonArray("types").isEmpty(), is(false));
        assertStillAnswers();
    }

    @Test
    void refusesDepthAliasAndComplexityBombsWithALimitError() {
        String deep = "{ song(id: 1) { " + "album { songs { ".repeat(30) + "title" + " } }".repeat(30) + " } }";
        assertLimitError(timed("depth bomb, 62 levels", () -> client.post(deep, null)));

        StringBuilder aliases = new StringBuilder("{");
        for (int i = 0; i < 500; i++) {
            aliases.append(" a").append(i).append(": __typename");
        }
        String aliasBomb = aliases.append(" }").toString();
        assertLimitError(timed("alias bomb, 500 aliases", () -> client.post(aliasBomb, null)));

        String complex = "{ artists(first: 100) { edges { node { albums { songs { album { songs { album { songs { "
                         + "title } } } } } } } } } }";
        assertLimitError(timed("complexity bomb, 100 x 10^5 fields", () -> client.post(complex, null)));

        StringBuilder spreads = new StringBuilder("{ song(id: 1) {");
        for (int i = 0; i < 500; i++) {
            spreads.append(" ...S");
        }
        String spreadBomb = spreads.append(" } } fragment S on Song { title }").toString();
        assertLimitError(timed("spread bomb, 500 spreads of one fragment", () -> client.post(spreadBomb, null)));
        assertStillAnswers();
    }

    @Test
    void aBodyNestedTooDeeplyIsBadRequestInGraphqlsShape() {
        for (String accept : new String[] {"application/graphql-response+json", "application/json"}) {
            String body = "[".repeat(200_000) + "]".repeat(200_000);
            GraphqlClient.Answer answer = timed("body: a 200,000-deep array, Accept " + accept,
                    () -> client.raw("POST", "/graphql", Map.of("Content-Type", "application/json", "Accept", accept),
                            body));
            assertRequestError(answer, "BAD_REQUEST", "The request body must be a JSON object; this one is an "
                                                      + "array, and is nested too deeply: a request's JSON may nest "
                                                      + "arrays and objects 64 levels deep at most.");
        }
        String deepExtensions = "{\"query\":\"{ __typename }\",\"extensions\":" + "{\"a\":".repeat(100) + "1"
                                + "}".repeat(101);
        assertRequestError(client.raw("POST", "/graphql", STRICT, deepExtensions), "BAD_REQUEST",
                "'extensions' is nested too deeply");
        assertStillAnswers();
    }

    @Test
    void variablesNestedTooDeeplyAreBadUserInput() {
        String query = "query($v: String) { __typename }";
        String deepArray = variablesBody(query, "v", "[".repeat(100_000) + "]".repeat(100_000));
        assertRequestError(timed("variables: a 100,000-deep array", () -> client.raw("POST", "/graphql", STRICT,
                deepArray)), "BAD_USER_INPUT", "Variable '$v' is nested too deeply");
        String deepObject = variablesBody(query, "v", "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000));
        assertRequestError(timed("variables: a 100,000-deep object", () -> client.raw("POST", "/graphql", STRICT,
                deepObject)), "BAD_USER_INPUT", "Variable '$v' is nested too deeply");

        String song = "query($id: ID!) { song(id: $id) { title } }";
        String thousand = "[".repeat(1_000) + "\"x\"" + "]".repeat(1_000);
        assertRequestError(timed("variables: a 1,000-deep array as an ID!, POST", () -> client.raw("POST",
                "/graphql", STRICT, variablesBody(song, "id", thousand))), "BAD_USER_INPUT",
                "Variable '$id' is nested too deeply");
        // 1,000 levels do not fit in a URI (414 from the server); 100 do.
        String hundred = "[".repeat(100) + "\"x\"" + "]".repeat(100);
        assertRequestError(timed("variables: a 100-deep array as an ID!, GET", () -> client.get(song,
                Map.of("variables", "{\"id\":" + hundred + "}"), "application/graphql-response+json")),
                "BAD_USER_INPUT", "Variable '$id' is nested too deeply");
        assertStillAnswers();
    }

    @Test
    void aNumberTooLongToReadIsBadRequestNotAServerFault() {
        // Parsson refuses numbers of more than 1,100 characters with a plain RuntimeException.
        String body = "{\"query\":\"query($n: Int) { songs(first: $n) { totalCount } }\",\"variables\":{\"n\":"
                      + "9".repeat(2_000) + "}}";
        assertRequestError(client.raw("POST", "/graphql", STRICT, body), "BAD_REQUEST", "not valid JSON");
        assertStillAnswers();
    }

    @Test
    void nestingUpToTheLimitIsReadAndJudgedByItsType() {
        // The body is level 1 and variables level 2: 62 arrays reach level 64 and are read, then refused for their
        // type; 63 are one level too many.
        String song = "query($id: ID!) { song(id: $id) { title } }";
        GraphqlClient.Answer within = client.raw("POST", "/graphql", STRICT,
                variablesBody(song, "id", "[".repeat(62) + "]".repeat(62)));
        assertRequestError(within, "BAD_USER_INPUT", "'$id' must be an ID");
        GraphqlClient.Answer beyond = client.raw("POST", "/graphql", STRICT,
                variablesBody(song, "id", "[".repeat(63) + "]".repeat(63)));
        assertRequestError(beyond, "BAD_USER_INPUT", "nested too deeply: a request's JSON may nest arrays and "
                                                     + "objects 64 levels deep at most");
    }

    @Test
    void aWebSocketMessageNestedTooDeeplyCloses4400() {
        String token = TestTokenIssuer.shared().token("nester", "listener");
        try (WsClient ws = WsClient.initialized(target.getUri(), token)) {
            ws.send("{\"id\":\"d\",\"type\":\"subscribe\",\"payload\":{\"query\":\"query($v: String) { __typename }\","
                    + "\"variables\":{\"v\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}}}");
            assertThat(ws.closeCode(), is(4400));
            assertThat(ws.closeReason(), containsString("nested deeper than 64 levels"));
        }
        assertStillAnswers();
    }

    // ---- helpers ----

    private static String graphiqlIntrospection() throws IOException {
        try (InputStream in = GraphqlHostileInputIT.class.getResourceAsStream("/graphiql-introspection.graphql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String variablesBody(String query, String name, String rawValue) {
        return "{\"query\":" + Json.createValue(query) + ",\"variables\":{\"" + name + "\":" + rawValue + "}}";
    }

    private static <T> T timed(String what, Supplier<T> request) {
        long start = System.nanoTime();
        T answer = request.get();
        double millis = (System.nanoTime() - start) / 1e6;
        String outcome = answer instanceof GraphqlClient.Answer http
                ? http.status() + " " + (http.json() == null ? "" : http.firstErrorCode() + " "
                        + (http.errors().isEmpty() ? "" : http.errors().getJsonObject(0).getString("message")))
                : String.valueOf(answer);
        TIMINGS.add(String.format("%9.1f ms  %s -> %s", millis, what,
                outcome.length() > 160 ? outcome.substring(0, 160) + "…" : outcome));
        return answer;
    }

    private static void assertLimitError(GraphqlClient.Answer answer) {
        assertThat(String.valueOf(answer.json()), answer.status(), is(400));
        assertThat(answer.json().containsKey("data"), is(false));
        assertThat(answer.firstErrorCode(), is(LIMIT_ERROR));
        assertThat(answer.errors().getJsonObject(0).getString("message"), matchesPattern(NAMES_A_LIMIT));
    }

    private static void assertRequestError(GraphqlClient.Answer answer, String code, String message) {
        assertThat(answer.raw().body(), answer.status(), is(400));
        assertThat(answer.contentType(), containsString("json"));
        assertThat(answer.firstErrorCode(), is(code));
        assertThat(answer.errors().getJsonObject(0).getString("message"), containsString(message));
    }

    private void assertStillAnswers() {
        GraphqlClient.Answer answer = client.raw("POST", "/graphql", STRICT, "{\"query\":\"{ __typename }\"}");
        assertThat(answer.status(), is(200));
        assertThat(answer.data().getString("__typename"), is("Query"));
    }
}
