package dev.encore.graphql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.encore.local.BackingServersExtension;
import dev.encore.graphql.security.CallerAuthenticator;
import dev.encore.local.TestTokenIssuer;
import dev.encore.support.security.InvalidTokenException;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * GraphQL over HTTP as the GraphQL-over-HTTP spec has it: content negotiation, status codes, GET for queries only,
 * malformed requests; plus the schema drift check, the query limits, and tokens at the door.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "demo.seed.enabled", value = "true")
class GraphqlHttpIT {

    static final Path COMMITTED_SCHEMA = Path.of("schema.graphql");

    @Inject
    WebTarget target;

    @Inject
    CallerAuthenticator authenticator;

    private GraphqlClient client;
    private final TestTokenIssuer issuer = TestTokenIssuer.shared();

    @BeforeEach
    void client() {
        client = new GraphqlClient(target.getUri());
    }

    @Test
    void committedSchemaMatchesTheCode() throws IOException {
        GraphqlClient.Answer sdl = client.raw("GET", "/graphql/schema.graphql", Map.of(), null);
        assertThat(sdl.status(), is(200));
        assertThat(sdl.contentType(), startsWith("text/plain"));
        String generated = sdl.raw().body();
        if (Boolean.getBoolean("schema.update")) {
            Files.writeString(COMMITTED_SCHEMA, generated);
        }
        String committed = Files.exists(COMMITTED_SCHEMA) ? Files.readString(COMMITTED_SCHEMA) : "";
        assertThat("graphql-api/schema.graphql is out of date: review the API change, then regenerate it with\n"
                   + "  deploy/mvn -pl graphql-api verify -Dschema.update=true\n", generated, is(committed));
    }

    @Test
    void postAnswersGraphqlResponseJsonWhenAccepted() {
        GraphqlClient.Answer answer = client.post("{ artists(first: 1) { totalCount } }", null);
        assertThat(answer.status(), is(200));
        assertThat(answer.contentType(), startsWith("application/graphql-response+json"));
        assertThat(answer.data().getJsonObject("artists").getInt("totalCount"), notNullValue());
    }

    @Test
    void plainJsonClientsGetApplicationJson() {
        GraphqlClient.Answer answer = client.raw("POST", "/graphql",
                Map.of("Content-Type", "application/json", "Accept", "application/json"),
                "{\"query\":\"{ __typename }\"}");
        assertThat(answer.status(), is(200));
        assertThat(answer.contentType(), startsWith("application/json"));
        assertThat(answer.data().getString("__typename"), is("Query"));
    }

    @Test
    void noAcceptHeaderMeansApplicationJson() {
        GraphqlClient.Answer answer = client.get("{ __typename }", Map.of(), null);
        assertThat(answer.status(), is(200));
        assertThat(answer.contentType(), startsWith("application/json"));
    }

    @Test
    void unacceptableAcceptIs406() {
        assertThat(client.get("{ __typename }", Map.of(), "text/html").status(), is(406));
    }

    @Test
    void getRunsQueriesWithVariables() {
        GraphqlClient.Answer answer = client.get("query Q($n: Int) { artists(first: $n) { edges { cursor } } }",
                Map.of("variables", "{\"n\": 2}", "operationName", "Q"), "application/graphql-response+json");
        assertThat(answer.status(), is(200));
        assertThat(answer.errors().isEmpty(), is(true));
    }

    @Test
    void mutationOverGetIs405WithAllowPost() {
        GraphqlClient.Answer answer = client.get("mutation { deleteSong(id: \"x\") }", Map.of(),
                "application/graphql-response+json");
        assertThat(answer.status(), is(405));
        assertThat(answer.header("Allow"), is("POST"));
    }

    @Test
    void syntaxErrorIs400UnderGraphqlResponseJsonAnd200UnderJson() {
        GraphqlClient.Answer strict = client.post("{ artists( }", null);
        assertThat(strict.status(), is(400));
        assertThat(strict.firstErrorCode(), is("GRAPHQL_PARSE_FAILED"));
        assertThat(strict.json().containsKey("data"), is(false));

        GraphqlClient.Answer legacy = client.raw("POST", "/graphql",
                Map.of("Content-Type", "application/json", "Accept", "application/json"),
                "{\"query\":\"{ artists( }\"}");
        assertThat(legacy.status(), is(200));
        assertThat(legacy.firstErrorCode(), is("GRAPHQL_PARSE_FAILED"));
    }

    @Test
    void validationErrorNamesTheField() {
        GraphqlClient.Answer answer = client.post("{ artists { nope } }", null);
        assertThat(answer.status(), is(400));
        assertThat(answer.firstErrorCode(), is("GRAPHQL_VALIDATION_FAILED"));
        assertThat(answer.errors().getJsonObject(0).getString("message"), containsString("nope"));
    }

    @Test
    void wronglyTypedVariableIsBadUserInput() {
        GraphqlClient.Answer answer = client.post("query($n: Int) { artists(first: $n) { totalCount } }",
                jakarta.json.Json.createObjectBuilder().add("n", "many").build(), null);
        assertThat(String.valueOf(answer.json()), answer.status(), is(400));
        assertThat(answer.json().containsKey("data"), is(false));
        // SmallRye's scalars check variable values during validation, which words it as a validation error.
        assertThat(answer.firstErrorCode(), org.hamcrest.Matchers.oneOf("BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"));
        assertThat(answer.errors().size(), is(1));
    }

    @Test
    void anOperationTheRequestDoesNotSelectIsARequestErrorNotAServerFault() {
        Map<String, String> strict = Map.of("Content-Type", "application/json",
                "Accept", "application/graphql-response+json");
        String twoOperations = "query A { me { id } } query B { me { id } }";
        for (String body : new String[] {
                jakarta.json.Json.createObjectBuilder().add("query", twoOperations).add("operationName", "C").build()
                        .toString(),
                jakarta.json.Json.createObjectBuilder().add("query", twoOperations).build().toString(),
                jakarta.json.Json.createObjectBuilder().add("query", "{ me { id } }").add("operationName", "X").build()
                        .toString()}) {
            GraphqlClient.Answer answer = client.raw("POST", "/graphql", strict, body);
            assertThat(body + " -> " + answer.json(), answer.status(), is(400));
            assertThat(answer.firstErrorCode(), is("OPERATION_RESOLUTION_FAILURE"));
            assertThat(answer.json().containsKey("data"), is(false));
        }
        GraphqlClient.Answer unknown = client.raw("POST", "/graphql", strict, jakarta.json.Json.createObjectBuilder()
                .add("query", twoOperations).add("operationName", "C").build().toString());
        assertThat(unknown.errors().getJsonObject(0).getString("message"), containsString("'C'"));

        // application/json keeps the legacy 200 for request errors, as for validation errors.
        GraphqlClient.Answer legacy = client.raw("POST", "/graphql",
                Map.of("Content-Type", "application/json", "Accept", "application/json"),
                jakarta.json.Json.createObjectBuilder().add("query", twoOperations).add("operationName", "C").build()
                        .toString());
        assertThat(legacy.status(), is(200));
        assertThat(legacy.firstErrorCode(), is("OPERATION_RESOLUTION_FAILURE"));

        GraphqlClient.Answer overGet = client.get(twoOperations, Map.of("operationName", "C"),
                "application/graphql-response+json");
        assertThat(overGet.status(), is(400));
        assertThat(overGet.firstErrorCode(), is("OPERATION_RESOLUTION_FAILURE"));
    }

    @Test
    void variablesOfTheWrongShapeAreBadUserInputBeforeAnythingRuns() {
        String songs = "query($n: Int) { songs(first: $n) { totalCount } }";
        String search = "query($s: String!) { search(query: $s) { artists { name } } }";
        String liveEvent = "query($id: ID!) { liveEvent(id: $id) { id } }";
        String create = "mutation($i: ArtistInput!) { createArtist(input: $i) { id } }";
        Object[][] cases = {
            {songs, "{\"n\": 1.5}", "$n"},
            {songs, "{\"n\": \"5\"}", "$n"},
            {songs, "{\"n\": 99999999999}", "$n"},
            {songs, "{\"n\": [1]}", "$n"},
            {search, "{\"s\": {\"a\": 1}}", "$s"},
            {search, "{\"s\": 5}", "$s"},
            {search, "{\"s\": null}", "$s"},
            {search, "{}", "$s"},
            // ID takes a string or an integer only: graphql-java's own ID made {"a":1} the id "{a=1}".
            {liveEvent, "{\"id\": {\"a\": 1}}", "$id"},
            {liveEvent, "{\"id\": [\"x\"]}", "$id"},
            {liveEvent, "{\"id\": 1.5}", "$id"},
            {create, "{\"i\": {\"name\": \"x\", \"foo\": 1}}", "foo"},
            {create, "{\"i\": {}}", "$i.name"},
            {create, "{\"i\": {\"name\": \"x\", \"genres\": [\"a\", 2]}}", "$i.genres[1]"},
        };
        for (Object[] c : cases) {
            String body = "{\"query\": " + jakarta.json.Json.createValue((String) c[0]) + ", \"variables\": " + c[1]
                          + "}";
            GraphqlClient.Answer answer = client.raw("POST", "/graphql", Map.of("Content-Type", "application/json",
                    "Accept", "application/graphql-response+json"), body);
            String seen = body + " -> " + answer.status() + " " + answer.json();
            assertThat(seen, answer.status(), is(400));
            assertThat(seen, answer.firstErrorCode(), is("BAD_USER_INPUT"));
            assertThat(seen, answer.json().containsKey("data"), is(false));
            String message = answer.errors().getJsonObject(0).getString("message");
            assertThat(seen, message, containsString((String) c[2]));
            for (String leak : new String[] {"incident", "{a=1}", "BigDecimal", "Exception", "Value{"}) {
                assertThat(seen, message, not(containsString(leak)));
            }
        }
        GraphqlClient.Answer exact = client.post(songs, jakarta.json.Json.createObjectBuilder().add("n", 1.5).build(),
                null);
        assertThat(exact.errors().getJsonObject(0).getString("message"),
                is("'$n' must be an Int (a whole number from -2147483648 to 2147483647); got 1.5."));
        // A whole number written as 2.0 is still an Int; an integer is a fine ID.
        assertThat(client.post(songs, jakarta.json.Json.createObjectBuilder().add("n", 2.0).build(), null).status(),
                is(200));
        GraphqlClient.Answer numericId = client.post(liveEvent,
                jakarta.json.Json.createObjectBuilder().add("id", 42).build(), null);
        assertThat(numericId.status(), is(200));
        assertThat(numericId.json().toString(), numericId.errors().isEmpty(), is(true));
    }

    @Test
    void aLiteralOfTheWrongTypeIsWordedAsTheClientWroteIt() {
        GraphqlClient.Answer string = client.post("{ songs(first: \"abc\") { totalCount } }", null);
        assertThat(string.status(), is(400));
        assertThat(string.firstErrorCode(), is("GRAPHQL_VALIDATION_FAILED"));
        assertThat(string.errors().getJsonObject(0).getString("message"),
                is("Argument 'first' must be an Int; got the string \"abc\"."));
        // Not the complexity it would have (2^31 * ...): the literal is no Int at all.
        GraphqlClient.Answer huge = client.post("{ songs(first: 99999999999) { totalCount } }", null);
        assertThat(String.valueOf(huge.json()), huge.status(), is(400));
        assertThat(huge.firstErrorCode(), is("GRAPHQL_VALIDATION_FAILED"));
        assertThat(huge.errors().getJsonObject(0).getString("message"),
                is("Argument 'first' must be an Int; got 99999999999."));
        // SmallRye's Int would truncate it to 1215752191 and store that: refused before anything runs.
        GraphqlClient.Answer nested = client.post("mutation { createSong(input: {artistId: \"a\", title: \"t\", "
                                                  + "durationMs: 99999999999}) { id } }", null);
        assertThat(String.valueOf(nested.json()), nested.status(), is(400));
        assertThat(nested.errors().getJsonObject(0).getString("message"),
                is("Argument 'input.durationMs' must be an Int; got 99999999999."));
        GraphqlClient.Answer object = client.post("{ search(query: {a: 1}) { artists { name } } }", null);
        assertThat(object.status(), is(400));
        assertThat(object.json().toString(), object.errors().getJsonObject(0).getString("message"),
                is("Argument 'query' must be a String; got an object."));
    }

    @Test
    void malformedRequestsAre400() {
        Map<String, String> json = Map.of("Content-Type", "application/json",
                "Accept", "application/graphql-response+json");
        assertThat(client.raw("POST", "/graphql", json, "{not json").status(), is(400));
        assertThat(client.raw("POST", "/graphql", json, "[]").status(), is(400));
        assertThat(client.raw("POST", "/graphql", json, "{\"query\": 42}").status(), is(400));
        assertThat(client.raw("POST", "/graphql", json, "{\"variables\": {}}").status(), is(400));
        assertThat(client.raw("POST", "/graphql", json, "{\"query\": \"{ __typename }\", \"variables\": [1]}")
                .status(), is(400));
        assertThat(client.get("", Map.of(), null).status(), is(400));
    }

    @Test
    void otherContentTypesAre415() {
        GraphqlClient.Answer answer = client.raw("POST", "/graphql",
                Map.of("Content-Type", "text/plain"), "{ __typename }");
        assertThat(answer.status(), is(415));
    }

    @Test
    void duplicatedContentTypeFromGraphiqlIsRepaired() {
        GraphqlClient.Answer answer = client.raw("POST", "/graphql",
                Map.of("Content-Type", "application/json, application/json", "Accept", "application/json"),
                "{\"query\":\"{ __typename }\"}");
        assertThat(answer.status(), is(200));
        assertThat(answer.data().getString("__typename"), is("Query"));
    }

    @Test
    void presentButInvalidTokensAre401NeverAnonymous() {
        for (String token : new String[] {issuer.forgedToken("u1", "admin"), issuer.expiredToken("u1", "admin"),
                issuer.tokenFromIssuer("https://evil.example", "u1", "admin"), "garbage"}) {
            GraphqlClient.Answer answer = client.post("{ __typename }", token);
            assertThat(answer.status(), is(401));
            assertThat(answer.header("WWW-Authenticate"), containsString("Bearer"));
        }
    }

    @Test
    void callersOutsideHttpAreAuthenticatedByTheSameRules() throws Exception {
        assertThat(authenticator.authenticate(null).authenticated(), is(false));
        assertThat(authenticator.authenticate("Bearer " + issuer.token("ws-user", "curator")).userId(), is("ws-user"));
        for (String value : new String[] {"Bearer " + issuer.forgedToken("ws-user"), "Basic abc", "Bearer x"}) {
            org.junit.jupiter.api.Assertions.assertThrows(InvalidTokenException.class,
                    () -> authenticator.authenticate(value));
        }
    }

    @Test
    void tooDeepQueryIsRefusedBeforeExecution() {
        String deep = "{ artists { edges { node { albums { songs { album { songs { album { artist { albums "
                      + "{ title } } } } } } } } } } }";
        GraphqlClient.Answer answer = client.post(deep, null);
        assertThat(answer.status(), is(400));
        assertThat(answer.firstErrorCode(), is("GRAPHQL_VALIDATION_FAILED"));
        assertThat(answer.errors().getJsonObject(0).getString("message"), containsString("deep"));
    }

    @Test
    void tooComplexQueryIsRefused() {
        GraphqlClient.Answer answer = client.post("{ artists(first: 100) { edges { node { albums { songs { "
                                                  + "album { songs { title } } } } } } } }", null);
        assertThat(answer.status(), is(400));
        assertThat(answer.errors().getJsonObject(0).getString("message"), containsString("complexity"));
    }

    @Test
    void aPageSizeFromAVariableIsCheckedOnEveryRequestOfTheSameDocument() {
        String query = "query($n: Int) { artists(first: $n) { edges { node { albums { songs { title album { "
                       + "songs { title } } } } } } } }";
        assertThat(client.post(query, jakarta.json.Json.createObjectBuilder().add("n", 1).build(), null).status(),
                is(200));
        GraphqlClient.Answer big = client.post(query, jakarta.json.Json.createObjectBuilder().add("n", 100).build(),
                null);
        assertThat(big.status(), is(400));
        assertThat(big.errors().getJsonObject(0).getString("message"), containsString("complexity"));
    }

    @Test
    void tooManyAliasesAreRefused() {
        StringBuilder query = new StringBuilder("{");
        for (int i = 0; i < 31; i++) {
            query.append(" a").append(i).append(": __typename");
        }
        GraphqlClient.Answer answer = client.post(query.append(" }").toString(), null);
        assertThat(answer.status(), is(400));
        assertThat(answer.errors().getJsonObject(0).getString("message"), containsString("aliases"));
    }

    @Test
    void oversizedDocumentIsRefused() {
        GraphqlClient.Answer answer = client.post("{ __typename }" + " ".repeat(20_000), null);
        assertThat(answer.status(), is(400));
        assertThat(answer.errors().getJsonObject(0).getString("message"), containsString("characters"));
    }

    @Test
    void graphiqlPageIsServedFromTheJar() {
        GraphqlClient.Answer bare = client.raw("GET", "/graphiql", Map.of(), null);
        assertThat("GET /graphiql: " + bare.status() + " " + bare.header("Location"),
                bare.status() == 200 || String.valueOf(bare.header("Location")).endsWith("/graphiql/"), is(true));
        GraphqlClient.Answer page = client.raw("GET", "/graphiql/", Map.of(), null);
        assertThat(page.status(), is(200));
        assertThat(page.raw().body(), containsString("graphiql.min.js"));
        assertThat(client.raw("GET", "/graphiql/render.js", Map.of(), null).raw().body(),
                containsString("/graphql"));
    }

    @Test
    void errorsNeverCarryStackTracesOrClassNames() {
        GraphqlClient.Answer answer = client.post("{ artists(after: \"bm90LWEtY3Vyc29y\") { totalCount } }", null);
        assertThat(answer.firstErrorCode(), is("BAD_USER_INPUT"));
        assertThat(answer.json().toString(), not(containsString("Exception")));
        assertThat(answer.errors().getJsonObject(0).getJsonObject("extensions").getString("field"), is("after"));
        assertThat(answer.json().get("data"), is(jakarta.json.JsonValue.NULL));
        assertThat(answer.errors().getJsonObject(0).get("path"), notNullValue());
        assertThat(answer.errors().getJsonObject(0).getJsonObject("extensions").get("exception"), nullValue());
    }

    @Test
    void anEmptyCatalogIsSeededWithDemoData() throws InterruptedException {
        String query = "{ search(query: \"ros\") { artists { name } } }"; // Sigur Rós, the last one seeded
        for (int i = 0; i < 100; i++) {
            var artists = client.data(query, null).getJsonObject("search").getJsonArray("artists");
            if (!artists.isEmpty()) {
                assertThat(artists.getJsonObject(0).getString("name"), is("Sigur Rós"));
                assertThat(client.data("{ artists { totalCount } }", null).getJsonObject("artists")
                        .getInt("totalCount"), is(4));
                var beyonce = client.data("{ search(query: \"BEYONCE\") { artists { name albums { title songs "
                                          + "{ title } } } } }", null).getJsonObject("search").getJsonArray("artists");
                assertThat(beyonce.getJsonObject(0).getJsonArray("albums").getJsonObject(0).getString("title"),
                        is("Lemonade"));
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the demo catalog was not seeded within 10 s");
    }

    @Test
    void aDocumentIsParsedAndValidatedOnceThenServedFromThePreparedDocuments() {
        String unique = "u" + java.util.UUID.randomUUID().toString().replace("-", "");
        String valid = "{ " + unique + ": __typename }";
        String invalid = "{ " + unique + ": noSuchField }";
        double hits = documents("hit");
        double misses = documents("miss");

        assertThat(client.data(valid, null).getString(unique), is("Query"));
        assertThat(client.data(valid, null).getString(unique), is("Query"));
        GraphqlClient.Answer first = client.post(invalid, null);
        GraphqlClient.Answer second = client.post(invalid, null);

        assertThat(first.status(), is(400));
        assertThat(first.firstErrorCode(), is("GRAPHQL_VALIDATION_FAILED"));
        assertThat(second.json(), is(first.json())); // the cached validation errors, answered the same
        assertThat(documents("miss") - misses, is(2.0));
        assertThat(documents("hit") - hits, is(2.0));
    }

    /** {@code encore_graphql_documents_total{result}} from /metrics. */
    private double documents(String result) {
        String metrics = client.raw("GET", "/metrics", Map.of("Accept", "text/plain"), null).raw().body();
        java.util.regex.Matcher value = java.util.regex.Pattern.compile(
                "encore_graphql_documents_total\\{[^}]*result=\"" + result + "\"[^}]*} ([0-9.Ee+]+)").matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }
}
