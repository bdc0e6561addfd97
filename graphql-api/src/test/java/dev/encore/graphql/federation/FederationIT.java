package dev.encore.graphql.federation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.encore.graphql.Fixtures;
import dev.encore.graphql.GraphqlClient;
import dev.encore.graphql.catalog.CountingMongo;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.WebTarget;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The API as an Apollo Federation 2 subgraph: {@code _service { sdl }}, and {@code _entities} for every key type, in
 * batches (MongoDB queries counted at the driver).
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddBean(CountingMongo.class)
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
class FederationIT {

    private static final String ENTITY_FIELDS = "__typename ... on Artist { name } ... on Album { title } "
                                                + "... on Song { title } ... on Playlist { name } "
                                                + "... on LiveEvent { title status }";

    @Inject
    WebTarget target;

    @Test
    void serviceSdlCarriesTheKeys() {
        GraphqlClient client = new GraphqlClient(target.getUri());
        String sdl = client.data("{ _service { sdl } }", null).getJsonObject("_service").getString("sdl");
        for (String type : new String[] {"Artist", "Album", "Song", "Playlist", "LiveEvent"}) {
            assertThat(sdl, containsString("type " + type + " @key(fields : \"id\")"));
        }
        assertThat("a Federation 2 subgraph: linked to the spec, importing what it uses", sdl, containsString(
                "schema @link(import : [\"@key\", \"FieldSet\", \"@authenticated\", \"@requiresScopes\", \"Scope\"], "
                + "url : \"https://specs.apollo.dev/federation/v2.5\")"));
        assertThat("the batch resolvers behind _entities stay out of the API", sdl, not(containsString("Entities(")));
    }

    @Test
    void entitiesResolveForEveryKeyTypeInOneRequest() {
        GraphqlClient client = new GraphqlClient(target.getUri());
        TestTokenIssuer issuer = TestTokenIssuer.shared();
        String curator = issuer.token("fed-curator", "curator");
        Fixtures fixtures = new Fixtures(client, curator);
        String artist = fixtures.artist("Federated");
        String album = album(client, curator, "Subgraph", artist);
        String song = fixtures.song(artist, "Entity", 1000);
        String song2 = fixtures.song(artist, "Entity Two", 1000);
        String playlist = fixtures.playlist("Shared", true, curator);
        String secret = fixtures.playlist("Secret", false, curator);
        String event = liveEvent(client, curator, "Federated show", playlist, 3600);

        var representations = Json.createArrayBuilder()
                .add(rep("Song", song)).add(rep("Artist", artist)).add(rep("Album", album)).add(rep("Song", song2))
                .add(rep("Playlist", playlist)).add(rep("LiveEvent", event)).add(rep("Playlist", secret));
        JsonArray entities = entities(client, representations, null);
        assertThat(entities.getJsonObject(0).getString("title"), is("Entity"));
        assertThat(entities.getJsonObject(1).getString("name"), is("Federated"));
        assertThat(entities.getJsonObject(2).getString("title"), is("Subgraph"));
        assertThat(entities.getJsonObject(3).getString("title"), is("Entity Two"));
        assertThat(entities.getJsonObject(4).getString("name"), is("Shared"));
        assertThat(entities.getJsonObject(5).getString("status"), is("SCHEDULED"));
        assertThat("a private playlist is null for others", entities.get(6), is(JsonValue.NULL));
    }

    /**
     * A router sends every representation a query plan needs in one {@code _entities} call: each type costs one
     * MongoDB query however many representations it has, the answers keep the representations' order, and an unknown
     * or malformed id (or a private playlist of someone else) is {@code null} in its place.
     */
    @Test
    void entitiesOfOneTypeCostOneQueryAndKeepTheirOrder() {
        GraphqlClient client = new GraphqlClient(target.getUri());
        TestTokenIssuer issuer = TestTokenIssuer.shared();
        String curator = issuer.token("fed-batch-curator", "curator");
        String owner = issuer.token("fed-batch-owner", "listener");
        Fixtures fixtures = new Fixtures(client, curator);
        String first = fixtures.artist("Batch First");
        String second = fixtures.artist("Batch Second");
        String songA = fixtures.song(first, "Batch A", 1000);
        String songB = fixtures.song(second, "Batch B", 1000);
        String songC = fixtures.song(first, "Batch C", 1000);
        String debut = album(client, curator, "Batch Debut", first);
        String sequel = album(client, curator, "Batch Sequel", second);
        String open = fixtures.playlist("Batch open", true, curator);
        String secret = fixtures.playlist("Batch secret", false, owner);
        String shared = fixtures.playlist("Batch shared", true, owner);
        String early = liveEvent(client, curator, "Batch early", open, 3600);
        String late = liveEvent(client, curator, "Batch late", open, 7200);
        String unknownSong = new ObjectId().toHexString();

        JsonArrayBuilder representations = Json.createArrayBuilder()
                .add(rep("Song", songA)).add(rep("Artist", first)).add(rep("Song", unknownSong))
                .add(rep("Playlist", open)).add(rep("Song", songB)).add(rep("LiveEvent", late))
                .add(rep("Artist", "not-an-id")).add(rep("Playlist", secret)).add(rep("Song", songC))
                .add(rep("Artist", second)).add(rep("LiveEvent", early)).add(rep("Playlist", shared))
                .add(rep("Album", sequel)).add(rep("Song", songA)).add(rep("Album", debut));
        CountingMongo.reset();
        JsonArray entities = entities(client, representations, null);

        assertThat(summary(entities), contains("Song:Batch A", "Artist:Batch First", "null", "Playlist:Batch open",
                "Song:Batch B", "LiveEvent:Batch late", "null", "null", "Song:Batch C", "Artist:Batch Second",
                "LiveEvent:Batch early", "Playlist:Batch shared", "Album:Batch Sequel", "Song:Batch A",
                "Album:Batch Debut"));
        String reads = "reads per collection: " + CountingMongo.readsByCollection();
        assertThat(reads, CountingMongo.reads("songs"), is(1));
        assertThat(reads, CountingMongo.reads("artists"), is(1));
        assertThat(reads, CountingMongo.reads("albums"), is(1));
        assertThat(reads, CountingMongo.reads("playlists"), is(1));
        assertThat(reads, CountingMongo.reads("live_events"), is(1));

        CountingMongo.reset();
        JsonArray asOwner = entities(client, Json.createArrayBuilder().add(rep("Playlist", secret))
                .add(rep("Playlist", open)).add(rep("Playlist", shared)), owner);
        assertThat("the owner reads their private playlist", summary(asOwner),
                contains("Playlist:Batch secret", "Playlist:Batch open", "Playlist:Batch shared"));
        assertThat("reads per collection: " + CountingMongo.readsByCollection(), CountingMongo.reads("playlists"),
                is(1));
    }

    @Test
    void aRepresentationThisSubgraphCannotResolveIsTheCallersMistake() {
        GraphqlClient client = new GraphqlClient(target.getUri());
        JsonObject[] bad = {
            Json.createObjectBuilder().add("__typename", "Nope").add("id", "5f0000000000000000000000").build(),
            Json.createObjectBuilder().add("__typename", "Song").add("isrc", "GBAYE0000001").build(),
            Json.createObjectBuilder().add("__typename", "Song").add("id", 42).build(),
            Json.createObjectBuilder().add("id", "5f0000000000000000000000").build(),
        };
        for (JsonObject representation : bad) {
            GraphqlClient.Answer answer = client.post("query($r: [_Any!]!) { _entities(representations: $r) { "
                    + ENTITY_FIELDS + " } }", Json.createObjectBuilder().add("r", Json.createArrayBuilder()
                    .add(representation)).build(), null);
            assertThat(representation + " gave " + answer.json(), answer.firstErrorCode(), is("BAD_USER_INPUT"));
            assertThat(answer.status(), is(200));
            assertThat(answer.json().toString(), not(containsString("Exception")));
            assertThat(answer.json().toString(), not(containsString("GraphQLFieldDefinition")));
        }
    }

    private static JsonArray entities(GraphqlClient client, JsonArrayBuilder representations, String token) {
        return client.data("query($r: [_Any!]!) { _entities(representations: $r) { " + ENTITY_FIELDS + " } }",
                Json.createObjectBuilder().add("r", representations).build(), token).getJsonArray("_entities");
    }

    /** {@code Type:name} per entity (its name or title), or {@code null}. */
    private static List<String> summary(JsonArray entities) {
        List<String> summary = new ArrayList<>();
        for (JsonValue value : entities) {
            if (value == JsonValue.NULL) {
                summary.add("null");
                continue;
            }
            JsonObject entity = value.asJsonObject();
            summary.add(entity.getString("__typename") + ":"
                        + (entity.containsKey("name") ? entity.getString("name") : entity.getString("title")));
        }
        return summary;
    }

    private static String album(GraphqlClient client, String curator, String title, String artist) {
        return client.data("mutation($t: String!, $a: ID!) { createAlbum(input: {title: $t, artistId: $a}) { id } }",
                Json.createObjectBuilder().add("t", title).add("a", artist).build(), curator)
                .getJsonObject("createAlbum").getString("id");
    }

    private static String liveEvent(GraphqlClient client, String curator, String title, String playlist,
                                    long inSeconds) {
        return client.data("mutation($i: LiveEventInput!) { createLiveEvent(input: $i) { id } }",
                Json.createObjectBuilder().add("i", Json.createObjectBuilder().add("title", title)
                        .add("startsAt", Instant.now().plusSeconds(inSeconds).toString()).add("playlistId", playlist))
                        .build(), curator).getJsonObject("createLiveEvent").getString("id");
    }

    private static JsonObject rep(String type, String id) {
        return Json.createObjectBuilder().add("__typename", type).add("id", id).build();
    }
}
