package dev.encore.graphql.federation;

import java.time.Instant;

import dev.encore.graphql.Fixtures;
import dev.encore.graphql.GraphqlClient;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** The API as an Apollo Federation 2 subgraph: {@code _service { sdl }} and {@code _entities} for every key type. */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
class FederationIT {

    @Inject
    WebTarget target;

    @Test
    void serviceSdlCarriesTheKeys() {
        GraphqlClient client = new GraphqlClient(target.getUri());
        String sdl = client.data("{ _service { sdl } }", null).getJsonObject("_service").getString("sdl");
        for (String type : new String[] {"Artist", "Album", "Song", "Playlist", "LiveEvent"}) {
            assertThat(sdl, containsString("type " + type + " @key(fields : \"id\")"));
        }
    }

    @Test
    void entitiesResolveForEveryKeyTypeInOneRequest() {
        GraphqlClient client = new GraphqlClient(target.getUri());
        TestTokenIssuer issuer = TestTokenIssuer.shared();
        String curator = issuer.token("fed-curator", "curator");
        Fixtures fixtures = new Fixtures(client, curator);
        String artist = fixtures.artist("Federated");
        String album = client.data("mutation($a: ID!) { createAlbum(input: {title: \"Subgraph\", artistId: $a}) "
                                   + "{ id } }", Fixtures.vars("a", artist), curator)
                .getJsonObject("createAlbum").getString("id");
        String song = fixtures.song(artist, "Entity", 1000);
        String song2 = fixtures.song(artist, "Entity Two", 1000);
        String playlist = fixtures.playlist("Shared", true, curator);
        String secret = fixtures.playlist("Secret", false, curator);
        String event = client.data("mutation($i: LiveEventInput!) { createLiveEvent(input: $i) { id } }",
                Json.createObjectBuilder().add("i", Json.createObjectBuilder().add("title", "Federated show")
                        .add("startsAt", Instant.now().plusSeconds(3600).toString()).add("playlistId", playlist))
                        .build(), curator).getJsonObject("createLiveEvent").getString("id");

        var representations = Json.createArrayBuilder()
                .add(rep("Song", song)).add(rep("Artist", artist)).add(rep("Album", album)).add(rep("Song", song2))
                .add(rep("Playlist", playlist)).add(rep("LiveEvent", event)).add(rep("Playlist", secret));
        JsonArray entities = client.data("query($r: [_Any!]!) { _entities(representations: $r) { __typename "
                        + "... on Artist { name } ... on Album { title } ... on Song { title } "
                        + "... on Playlist { name } ... on LiveEvent { title status } } }",
                Json.createObjectBuilder().add("r", representations).build(), null).getJsonArray("_entities");
        assertThat(entities.getJsonObject(0).getString("title"), is("Entity"));
        assertThat(entities.getJsonObject(1).getString("name"), is("Federated"));
        assertThat(entities.getJsonObject(2).getString("title"), is("Subgraph"));
        assertThat(entities.getJsonObject(3).getString("title"), is("Entity Two"));
        assertThat(entities.getJsonObject(4).getString("name"), is("Shared"));
        assertThat(entities.getJsonObject(5).getString("status"), is("SCHEDULED"));
        assertThat("a private playlist is null for others", entities.get(6), is(JsonValue.NULL));
    }

    private static jakarta.json.JsonObject rep(String type, String id) {
        return Json.createObjectBuilder().add("__typename", type).add("id", id).build();
    }
}
