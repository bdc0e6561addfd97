package dev.encore.graphql.federation;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.encore.graphql.Fixtures;
import dev.encore.graphql.GraphqlClient;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The subgraph as Apollo judges it: our live {@code _service.sdl} composed by {@code @apollo/composition} alone and
 * with the {@code plays} subgraph of {@code deploy/federation}, then Apollo Gateway in front of both, joining a song's
 * fields from each. Node.js and the locked npm packages run from {@code target/federation} ({@link ApolloNode}).
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
class SupergraphIT {

    /** The router supergraph the Kubernetes component ships, composed from the code; drift fails the build. */
    static final Path ROUTER_SUPERGRAPH = Path.of("..", "deploy", "k8s", "components", "apollo-router",
            "supergraph.graphql");
    /** Where graphql-api answers inside the cluster (its Service), the URL the router's supergraph routes to. */
    static final String CLUSTER_URL = "http://graphql-api:8080/graphql";

    private static ApolloNode.Server plays;
    private static ApolloNode.Server gateway;

    @Inject
    WebTarget target;

    @AfterAll
    static void stopNode() {
        if (gateway != null) {
            gateway.close();
        }
        if (plays != null) {
            plays.close();
        }
    }

    @Test
    void composesOurSubgraphAloneWithoutErrorsOrHints() {
        JsonObject composition = compose("encore=" + encoreUrl());
        assertThat(composition.getJsonArray("errors").toString(), composition.getJsonArray("errors"), is(empty()));
        assertThat(composition.getJsonArray("hints").toString(), composition.getJsonArray("hints"), is(empty()));
        String supergraph = composition.getString("supergraphSdl");
        for (String type : new String[] {"Artist", "Album", "Song", "Playlist", "LiveEvent"}) {
            assertThat(supergraph, containsString("type " + type + "\n  @join__type(graph: ENCORE, key: \"id\")"));
        }
        assertThat("the role checks reach the router", supergraph, containsString(
                "createSong(input: SongInput!): Song! @requiresScopes(scopes: [[\"artist\"], [\"curator\"], [\"admin\"]])"));
        assertThat(supergraph, containsString("myPlaylists(after: String, first: Int): PlaylistConnection! "
                                              + "@authenticated"));
        assertThat("subscriptions stay in the supergraph for a router that runs them", supergraph,
                containsString("type Subscription"));
    }

    @Test
    void composesWithThePlaysSubgraphWithoutErrorsOrHints() {
        JsonObject composition = compose("encore=" + encoreUrl(), "plays=" + plays().url());
        assertThat(composition.getJsonArray("errors").toString(), composition.getJsonArray("errors"), is(empty()));
        assertThat(composition.getJsonArray("hints").toString(), composition.getJsonArray("hints"), is(empty()));
        assertThat(composition.getString("supergraphSdl"), containsString(
                "plays: Int @join__field(graph: PLAYS)"));
    }

    /**
     * Through the gateway, one query takes a song's catalog fields from graphql-api and its play count from the plays
     * subgraph; the joined answer is exactly what each subgraph answers alone.
     */
    @Test
    void gatewayJoinsASongFromBothSubgraphs() {
        GraphqlClient encore = new GraphqlClient(target.getUri());
        String curator = TestTokenIssuer.shared().token("supergraph-curator", "curator");
        Fixtures fixtures = new Fixtures(encore, curator);
        String artist = fixtures.artist("Supergraph Band");
        String song = fixtures.song(artist, "Joined Up", 200_000);
        GraphqlClient playsClient = new GraphqlClient(URI.create(plays().url()));
        for (int i = 0; i < 3; i++) {
            playsClient.data("mutation($s: ID!) { recordPlay(songId: $s) { plays } }", Fixtures.vars("s", song), null);
        }

        JsonObject joined = gatewayClient().data(
                "query($id: ID!) { song(id: $id) { id title durationMs artist { name } plays } }",
                Fixtures.vars("id", song), null).getJsonObject("song");

        JsonObject ours = encore.data("query($id: ID!) { song(id: $id) { id title durationMs artist { name } } }",
                Fixtures.vars("id", song), null).getJsonObject("song");
        JsonObject theirs = playsClient.data("query($r: [_Any!]!) { _entities(representations: $r) { "
                + "... on Song { plays } } }", Json.createObjectBuilder().add("r", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("__typename", "Song").add("id", song))).build(), null)
                .getJsonArray("_entities").getJsonObject(0);
        JsonObject expected = Json.createObjectBuilder(ours).add("plays", theirs.get("plays")).build();
        assertThat(joined, is(expected));
        assertThat(joined.getInt("plays"), is(3));
    }

    /** The other way round: the plays subgraph knows only ids; titles come from our batched {@code _entities}. */
    @Test
    void gatewayResolvesSongsThePlaysSubgraphOnlyKnowsByKey() {
        GraphqlClient encore = new GraphqlClient(target.getUri());
        String curator = TestTokenIssuer.shared().token("supergraph-curator-2", "curator");
        Fixtures fixtures = new Fixtures(encore, curator);
        String artist = fixtures.artist("Charting Act");
        String hit = fixtures.song(artist, "Heavy Rotation", 180_000);
        String deepCut = fixtures.song(artist, "B-Side", 240_000);
        GraphqlClient playsClient = new GraphqlClient(URI.create(plays().url()));
        for (String song : List.of(hit, hit, hit, hit, hit, hit, hit, hit, hit, deepCut, deepCut, deepCut, deepCut,
                deepCut, deepCut, deepCut, deepCut)) {
            playsClient.data("mutation($s: ID!) { recordPlay(songId: $s) { plays } }", Fixtures.vars("s", song), null);
        }

        JsonArray top = gatewayClient().data("{ mostPlayed(first: 2) { title artist { name } plays } }", null)
                .getJsonArray("mostPlayed");

        List<String> lines = new ArrayList<>();
        for (JsonValue value : top) {
            JsonObject entry = value.asJsonObject();
            lines.add(entry.getString("title") + " by " + entry.getJsonObject("artist").getString("name") + ": "
                      + entry.getInt("plays"));
        }
        assertThat(lines, contains("Heavy Rotation by Charting Act: 9", "B-Side by Charting Act: 8"));
    }

    /**
     * Apollo Gateway does not enforce {@code @requiresScopes}, so the subgraph's own role check is what refuses an
     * anonymous write made through it; the caller's token goes through to the subgraph and passes the same check.
     */
    @Test
    void writesThroughTheGatewayAreCheckedByTheSubgraph() {
        String mutation = "mutation { createArtist(input: {name: \"Via Gateway\"}) { name } }";
        GraphqlClient.Answer anonymous = gatewayClient().post(mutation, null);
        assertThat(anonymous.json().toString(), anonymous.firstErrorCode(), is("UNAUTHENTICATED"));
        assertThat("no stack trace reaches a client", anonymous.json().toString(), not(containsString("stacktrace")));

        String listener = TestTokenIssuer.shared().token("supergraph-listener", "listener");
        GraphqlClient.Answer listenerAnswer = gatewayClient().post(mutation, listener);
        assertThat(listenerAnswer.json().toString(), listenerAnswer.firstErrorCode(), is("FORBIDDEN"));

        String curator = TestTokenIssuer.shared().token("supergraph-curator-3", "curator");
        assertThat(gatewayClient().data(mutation, curator).getJsonObject("createArtist").getString("name"),
                is("Via Gateway"));
    }

    /**
     * {@code deploy/k8s/components/apollo-router/supergraph.graphql} is this subgraph composed for the cluster
     * (routing to the graphql-api Service). Regenerate it with {@code -Dschema.update=true}, like schema.graphql.
     */
    @Test
    void committedRouterSupergraphMatchesTheCode() throws IOException {
        JsonObject composition = compose("encore=" + encoreUrl(), "--routing-url", "encore=" + CLUSTER_URL);
        assertThat(composition.getJsonArray("errors").toString(), composition.getJsonArray("errors"), is(empty()));
        String generated = composition.getString("supergraphSdl") + "\n";
        if (Boolean.getBoolean("schema.update")) {
            Files.createDirectories(ROUTER_SUPERGRAPH.getParent());
            Files.writeString(ROUTER_SUPERGRAPH, generated);
        }
        String committed = Files.exists(ROUTER_SUPERGRAPH) ? Files.readString(ROUTER_SUPERGRAPH) : "";
        assertThat("deploy/k8s/components/apollo-router/supergraph.graphql is out of date: review the API change, "
                   + "then regenerate it with\n  deploy/mvn -pl graphql-api verify -Dschema.update=true\n",
                generated, is(committed));
    }

    private String encoreUrl() {
        URI uri = target.getUri();
        return "http://127.0.0.1:" + uri.getPort() + "/graphql";
    }

    private static JsonObject compose(String... arguments) {
        String out = ApolloNode.run("compose.mjs", List.of(arguments), false);
        return Json.createReader(new StringReader(out.strip())).readObject();
    }

    private synchronized ApolloNode.Server plays() {
        if (plays == null) {
            plays = ApolloNode.serve("plays.mjs", List.of("0"));
        }
        return plays;
    }

    private synchronized GraphqlClient gatewayClient() {
        if (gateway == null) {
            gateway = ApolloNode.serve("gateway.mjs", List.of("--port", "0", "encore=" + encoreUrl(),
                    "plays=" + plays().url()));
        }
        return new GraphqlClient(URI.create(gateway.url()));
    }
}
