package dev.encore.graphql.http;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.encore.graphql.GraphqlClient;
import dev.encore.graphql.engine.PersistedQueries;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.ServiceReplica;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Automatic persisted queries and the CDN caching of their GETs, on two replicas (this JVM and a child JVM) sharing one
 * Redis: Apollo Client's own persisted query link (Node, {@code src/test/node/apq-client}, installed with {@code npm ci}
 * from its lock file) registers a query on one replica and finds it by hash alone on the other; and the headers a CDN
 * keys on: {@code Cache-Control}, {@code ETag}, {@code Vary}, 304 on {@code If-None-Match}, private answers for
 * signed-in callers and user-specific queries, never-cached {@code PersistedQueryNotFound}.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
class PersistedQueriesIT {

    private static final String SONG = "query Song($id: ID!) { song(id: $id) { id title artist { name } } }";
    private static ServiceReplica replicaB;

    @Inject
    WebTarget target;

    private final TestTokenIssuer issuer = TestTokenIssuer.shared();
    private GraphqlClient client;
    private String songId;

    @BeforeAll
    static void startSecondReplica() {
        replicaB = ServiceReplica.start(Map.of(), Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopSecondReplica() {
        if (replicaB != null) {
            replicaB.close();
        }
    }

    @BeforeEach
    void song() {
        client = new GraphqlClient(target.getUri());
        String curator = issuer.token("apq-curator", "curator");
        String artistId = client.data("mutation { createArtist(input: {name: \"APQ Artist\"}) { id } }", curator)
                .getJsonObject("createArtist").getString("id");
        songId = client.data("mutation($a: ID!) { createSong(input: {title: \"APQ Song\", artistId: $a, "
                + "durationMs: 1000}) { id } }", Json.createObjectBuilder().add("a", artistId).build(), curator)
                .getJsonObject("createSong").getString("id");
    }

    @Test
    void apolloClientsPersistedQueryLinkRegistersOnOneReplicaAndHitsOnTheOther() throws Exception {
        JsonObject run = apqClient(replicaB.uri().resolve("/graphql"), target.getUri().resolve("/graphql"), songId);

        assertThat(run.getJsonObject("first").getJsonObject("song").getString("title"), is("APQ Song"));
        assertThat(run.getJsonObject("second").getJsonObject("song").getString("title"), is("APQ Song"));
        var requests = run.getJsonArray("requests").getValuesAs(JsonObject.class);
        String b = String.valueOf(replicaB.port());
        String a = String.valueOf(target.getUri().getPort());
        // On B: the hash alone (a GET), unknown; then the text with the hash (Apollo's link sends it by POST).
        assertThat(requests.get(0).getString("method") + " " + requests.get(0).getString("port")
                   + " withQuery=" + requests.get(0).getBoolean("withQuery"), is("GET " + b + " withQuery=false"));
        assertThat(requests.get(0).getString("cacheControl"), is("private, no-cache, must-revalidate"));
        assertThat(requests.get(1).getBoolean("withQuery"), is(true));
        // On A, which never saw the text: the hash alone is enough (Redis), and the answer is a public, cacheable GET.
        JsonObject onA = requests.get(requests.size() - 1);
        assertThat(onA.getString("method") + " " + onA.getString("port") + " withQuery=" + onA.getBoolean("withQuery")
                   + " " + onA.getInt("status"), is("GET " + a + " withQuery=false 200"));
        assertThat(onA.getString("cacheControl"), is("public, max-age=60"));
        assertThat(onA.getString("etag"), notNullValue());
        assertThat(requests.size(), is(3));
    }

    @Test
    void aHashedPublicGetIsCacheableByACdnAndRevalidatesWith304() {
        String hash = register(SONG);
        GraphqlClient.Answer first = hashedGet(hash, Map.of());
        assertThat(first.status(), is(200));
        assertThat(first.data().getJsonObject("song").getString("title"), is("APQ Song"));
        assertThat(first.header("Cache-Control"), is("public, max-age=60"));
        assertThat(first.header("Vary"), containsString("Accept"));
        String etag = first.header("ETag");
        assertThat(etag, notNullValue());

        GraphqlClient.Answer again = hashedGet(hash, Map.of("If-None-Match", etag));
        assertThat(again.status(), is(304));
        assertThat(again.raw().body(), is(emptyString()));
        assertThat(again.header("ETag"), is(etag));
        assertThat(again.header("Cache-Control"), is("public, max-age=60"));

        GraphqlClient.Answer stale = hashedGet(hash, Map.of("If-None-Match", "\"something-else\""));
        assertThat(stale.status(), is(200));
    }

    @Test
    void theTwoMediaTypesOfOneAnswerAreTwoRepresentationsWithTheirOwnTags() {
        String hash = register(SONG);
        GraphqlClient.Answer json = hashedGet(hash, Map.of("Accept", "application/json"));
        GraphqlClient.Answer graphqlJson = hashedGet(hash, Map.of("Accept", "application/graphql-response+json"));
        assertThat(json.raw().body(), is(graphqlJson.raw().body()));
        assertThat(json.header("ETag"), not(graphqlJson.header("ETag")));

        // A cache holding the application/json copy cannot revalidate it as the other type's.
        GraphqlClient.Answer crossed = hashedGet(hash, Map.of("Accept", "application/graphql-response+json",
                "If-None-Match", json.header("ETag")));
        assertThat(crossed.status(), is(200));
        assertThat(crossed.header("Content-Type"), startsWith("application/graphql-response+json"));
    }

    @Test
    void signedInCallersAndUserSpecificQueriesGetPrivateAnswers() {
        String hash = register(SONG);
        String listener = issuer.token("apq-listener", "listener");
        GraphqlClient.Answer signedIn = hashedGet(hash, Map.of("Authorization", "Bearer " + listener));
        assertThat(signedIn.status(), is(200));
        assertThat(signedIn.header("Cache-Control"), is("private, no-store"));
        assertThat(signedIn.header("ETag"), nullValue());

        String mine = "query Mine { myPlaylists(first: 5) { totalCount } }";
        String mineHash = PersistedQueries.sha256(mine);
        client.raw("POST", "/graphql", Map.of("Content-Type", "application/json", "Authorization", "Bearer " + listener),
                body(mine, mineHash));
        GraphqlClient.Answer myPlaylists = hashedGet(mineHash, Map.of("Authorization", "Bearer " + listener));
        assertThat(myPlaylists.status(), is(200));
        assertThat(myPlaylists.header("Cache-Control"), is("private, no-store"));
    }

    @Test
    void anUnknownHashIsPersistedQueryNotFoundAndNeverCached() {
        GraphqlClient.Answer answer = hashedGet(PersistedQueries.sha256("{ song(id: \"never-sent\") { id } }"),
                Map.of());
        assertThat(answer.status(), is(200));
        assertThat(answer.errors().getJsonObject(0).getString("message"), is("PersistedQueryNotFound"));
        assertThat(answer.firstErrorCode(), is("PERSISTED_QUERY_NOT_FOUND"));
        assertThat(answer.header("Cache-Control"), is("private, no-cache, must-revalidate"));
    }

    @Test
    void aHashThatIsNotTheQuerysAndAnUnknownVersionAreRefused() {
        GraphqlClient.Answer mismatch = client.raw("POST", "/graphql", Map.of("Content-Type", "application/json"),
                body(SONG, PersistedQueries.sha256("{ __typename }")));
        assertThat(mismatch.status(), is(400));
        assertThat(mismatch.firstErrorCode(), is("BAD_REQUEST"));
        assertThat(mismatch.errors().getJsonObject(0).getString("message"), containsString("does not match"));

        GraphqlClient.Answer version = client.raw("POST", "/graphql", Map.of("Content-Type", "application/json"),
                "{\"query\":\"{ __typename }\",\"extensions\":{\"persistedQuery\":{\"version\":2,\"sha256Hash\":\""
                + PersistedQueries.sha256("{ __typename }") + "\"}}}");
        assertThat(version.status(), is(400));
        assertThat(version.errors().getJsonObject(0).getString("message"), containsString("version"));
        assertThat(version.json().containsKey("data"), is(false));
    }

    /** Registers a query as Apollo's link does (the text with its hash) and returns the hash. */
    private String register(String query) {
        String hash = PersistedQueries.sha256(query);
        GraphqlClient.Answer answer = client.raw("POST", "/graphql", Map.of("Content-Type", "application/json"),
                body(query, hash, "{\"id\":\"" + songId + "\"}"));
        assertThat(answer.status(), is(200));
        assertThat(answer.json().toString(), answer.json().containsKey("errors"), is(false));
        return hash;
    }

    private GraphqlClient.Answer hashedGet(String hash, Map<String, String> headers) {
        String path = "/graphql?variables=" + encode("{\"id\":\"" + songId + "\"}") + "&extensions="
                      + encode("{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + hash + "\"}}");
        return client.raw("GET", path, headers, null);
    }

    private static String body(String query, String hash) {
        return body(query, hash, "{}");
    }

    private static String body(String query, String hash, String variables) {
        return "{\"query\":" + Json.createValue(query) + ",\"variables\":" + variables
               + ",\"extensions\":{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + hash + "\"}}}";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // --- the Node client ---------------------------------------------------------------------------------------------

    private static final Path CLIENT_SOURCE = Path.of("src", "test", "node", "apq-client").toAbsolutePath();
    private static final Path CLIENT_WORK = Path.of("target", "apq-client").toAbsolutePath();

    /** Copies the client and its lock file to target/, installs it with npm ci (again only when the lock changed). */
    private static JsonObject apqClient(URI first, URI second, String songId) throws Exception {
        Files.createDirectories(CLIENT_WORK);
        for (String file : List.of("package.json", "package-lock.json", "apq-client.mjs")) {
            Files.copy(CLIENT_SOURCE.resolve(file), CLIENT_WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path lock = CLIENT_WORK.resolve("package-lock.json");
        Path marker = CLIENT_WORK.resolve("node_modules").resolve(".installed-from-lock");
        if (!Files.exists(marker) || Files.mismatch(lock, marker) != -1) {
            String output = run(List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"), 5);
            Files.copy(lock, marker, StandardCopyOption.REPLACE_EXISTING);
            System.out.println(output);
        }
        String out = run(List.of("node", "apq-client.mjs", first.toString(), second.toString(), songId), 2);
        String[] lines = out.strip().split("\n");
        return Json.createReader(new StringReader(lines[lines.length - 1])).readObject();
    }

    private static String run(List<String> command, int minutes) throws Exception {
        Process process = new ProcessBuilder(command).directory(CLIENT_WORK.toFile()).redirectErrorStream(true).start();
        var output = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                output.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.completeExceptionally(new UncheckedIOException(e));
            }
        });
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + minutes + " minutes");
        }
        String text = output.get(10, TimeUnit.SECONDS);
        if (process.exitValue() != 0) {
            throw new AssertionError(command + " exited " + process.exitValue() + " (Node.js 20+ and npm on PATH, the "
                                     + "npm registry reachable for the first install):\n" + text);
        }
        return text;
    }
}
