package dev.encore.graphql.playlist;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.encore.graphql.Fixtures;
import dev.encore.graphql.GraphqlClient;
import dev.encore.graphql.GraphqlClient.Answer;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** Playlists through GraphQL documents: ordering, versions, conflicts, concurrent writers, visibility, the cap. */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "playlists.max-items", value = "45")
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
class PlaylistIT {

    static final String PLAYLIST = "id name public version itemCount totalDurationMs owner { id } "
            + "items(first: 100) { totalCount edges { node { id position song { id title } } } }";

    @Inject
    WebTarget target;

    private GraphqlClient client;
    private Fixtures fixtures;
    private final TestTokenIssuer issuer = TestTokenIssuer.shared();
    private String owner;
    private String artistId;

    @BeforeEach
    void setUp() {
        client = new GraphqlClient(target.getUri());
        fixtures = new Fixtures(client, issuer.token("curator-1", "curator"));
        owner = issuer.token("owner-1", "listener");
        artistId = fixtures.artist("Playlist Artist");
    }

    @Test
    void editsKeepOrderVersionsAndStableItemIds() {
        String a = fixtures.song(artistId, "A", 1000);
        String b = fixtures.song(artistId, "B", 2000);
        String c = fixtures.song(artistId, "C", 4000);
        String id = fixtures.playlist("Mix", true, owner);
        fixtures.add(id, a, owner);
        fixtures.add(id, b, owner);
        fixtures.add(id, a, owner); // the same song twice
        JsonObject afterInsert = edit("addSongToPlaylist(playlistId: $p, songId: \"" + c + "\", position: 0)", id, null);
        assertThat(titles(afterInsert), contains("C", "A", "B", "A"));
        assertThat(afterInsert.getInt("totalDurationMs"), is(8000));
        assertThat(afterInsert.getString("version"), is("5"));
        List<String> ids = itemIds(afterInsert);
        assertThat(new HashSet<>(ids), hasSize(4));

        // Move the second A (index 3) to the front: ids travel with their items.
        JsonObject moved = edit("moveSongInPlaylist(playlistId: $p, itemId: \"" + ids.get(3) + "\", toPosition: 0, "
                                + "expectedVersion: \"5\")", id, null);
        assertThat(titles(moved), contains("A", "C", "A", "B"));
        assertThat(itemIds(moved), contains(ids.get(3), ids.get(0), ids.get(1), ids.get(2)));
        assertThat(moved.getJsonObject("items").getJsonArray("edges").getJsonObject(2).getJsonObject("node")
                .getInt("position"), is(2));

        // A stale expectedVersion is refused with CONFLICT and changes nothing.
        Answer stale = client.post("mutation($p: ID!) { removeSongFromPlaylist(playlistId: $p, itemId: \""
                                   + ids.get(0) + "\", expectedVersion: \"5\") { id } }", Fixtures.vars("p", id), owner);
        assertThat(stale.firstErrorCode(), is("CONFLICT"));
        assertThat(stale.json().get("data"), is(JsonValue.NULL));
        JsonObject removed = edit("removeSongFromPlaylist(playlistId: $p, itemId: \"" + ids.get(0)
                                  + "\", expectedVersion: \"6\")", id, null);
        assertThat(titles(removed), contains("A", "A", "B"));
        assertThat(removed.getInt("totalDurationMs"), is(4000));
        assertThat(removed.getString("version"), is("7"));
    }

    @Test
    void badEditsAreRefusedWithTheirCodes() {
        String a = fixtures.song(artistId, "Only", 1000);
        String id = fixtures.playlist("Errors", true, owner);
        fixtures.add(id, a, owner);
        assertThat(code("mutation($p: ID!) { addSongToPlaylist(playlistId: $p, songId: \"" + a
                        + "\", position: 2) { id } }", id, owner), is("BAD_USER_INPUT"));
        assertThat(code("mutation($p: ID!) { addSongToPlaylist(playlistId: $p, songId: \"5f0000000000000000000000\")"
                        + " { id } }", id, owner), is("NOT_FOUND"));
        assertThat(code("mutation($p: ID!) { moveSongInPlaylist(playlistId: $p, itemId: \"nope\", toPosition: 0) "
                        + "{ id } }", id, owner), is("NOT_FOUND"));
        assertThat(code("mutation($p: ID!) { addSongToPlaylist(playlistId: $p, songId: \"" + a + "\") { id } }", id,
                issuer.token("someone-else", "listener")), is("FORBIDDEN"));
        assertThat(code("mutation($p: ID!) { addSongToPlaylist(playlistId: $p, songId: \"" + a + "\") { id } }", id,
                null), is("UNAUTHENTICATED"));
        assertThat(client.data("query($p: ID!) { playlist(id: $p) { itemCount version } }", Fixtures.vars("p", id),
                null).getJsonObject("playlist").getInt("itemCount"), is(1));
    }

    @Test
    void concurrentWritersNeverLoseAnItem() throws Exception {
        String song = fixtures.song(artistId, "Loop", 1000);
        String id = fixtures.playlist("Busy", false, owner);
        for (int i = 0; i < 4; i++) {
            fixtures.add(id, song, owner);
        }
        List<String> seeded = itemIds(read(id, owner));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 4; i++) {
                        fixtures.add(id, song, owner);
                        // Moves race with the adds: each must be retried on a lost race, never drop an add.
                        client.data("mutation($p: ID!, $i: ID!, $t: Int!) { moveSongInPlaylist(playlistId: $p, "
                                    + "itemId: $i, toPosition: $t) { id } }", Json.createObjectBuilder().add("p", id)
                                .add("i", seeded.get(writer % 4)).add("t", i).build(), owner);
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonObject after = read(id, owner);
        assertThat(after.getInt("itemCount"), is(36));
        assertThat(new HashSet<>(itemIds(after)), hasSize(36));
        assertThat(after.getInt("totalDurationMs"), is(36000));
        assertThat(after.getString("version"), is(String.valueOf(1 + 4 + 32 + 32)));
    }

    @Test
    void privatePlaylistsAreTheOwnersAndAdminsOnly() {
        String id = fixtures.playlist("Secret", false, owner);
        String other = issuer.token("other-1", "listener");
        assertThat(client.data("query($p: ID!) { playlist(id: $p) { id } }", Fixtures.vars("p", id), other)
                .get("playlist"), is(JsonValue.NULL));
        assertThat(client.data("query($p: ID!) { playlist(id: $p) { id } }", Fixtures.vars("p", id), null)
                .get("playlist"), is(JsonValue.NULL));
        assertThat(read(id, owner).getString("name"), is("Secret"));
        String admin = issuer.token("admin-1", "admin");
        assertThat(read(id, admin).getJsonObject("owner").getString("id"), is("owner-1"));
        JsonObject renamed = client.data("mutation($p: ID!) { updatePlaylist(id: $p, input: {name: \"Open\", "
                                         + "public: true}) { name public } }", Fixtures.vars("p", id), admin)
                .getJsonObject("updatePlaylist");
        assertThat(renamed.getBoolean("public"), is(true));
        assertThat(client.data("query($p: ID!) { playlist(id: $p) { name } }", Fixtures.vars("p", id), other)
                .getJsonObject("playlist").getString("name"), is("Open"));

        String mine = issuer.token("collector-1", "listener");
        fixtures.playlist("One", false, mine);
        fixtures.playlist("Two", true, mine);
        JsonObject page = client.data("{ myPlaylists(first: 1) { totalCount edges { node { name } } "
                                      + "pageInfo { hasNextPage endCursor } } }", mine).getJsonObject("myPlaylists");
        assertThat(page.getInt("totalCount"), is(2));
        assertThat(page.getJsonArray("edges").getJsonObject(0).getJsonObject("node").getString("name"), is("One"));
        String next = page.getJsonObject("pageInfo").getString("endCursor");
        JsonObject second = client.data("query($a: String) { myPlaylists(first: 1, after: $a) { edges { node { name } "
                                        + "} pageInfo { hasNextPage } } }", Fixtures.vars("a", next), mine)
                .getJsonObject("myPlaylists");
        assertThat(second.getJsonArray("edges").getJsonObject(0).getJsonObject("node").getString("name"), is("Two"));
        assertThat(second.getJsonObject("pageInfo").getBoolean("hasNextPage"), is(false));
        assertThat(client.post("{ myPlaylists { totalCount } }", null).firstErrorCode(), is("UNAUTHENTICATED"));
    }

    @Test
    void aFullPlaylistRefusesMoreAndADeletedSongLeavesEveryPlaylist() throws InterruptedException {
        String song = fixtures.song(artistId, "Filler", 1000);
        String doomed = fixtures.song(artistId, "Doomed", 1000);
        String id = fixtures.playlist("Full", true, owner);
        fixtures.add(id, doomed, owner);
        for (int i = 1; i < 45; i++) {
            fixtures.add(id, song, owner);
        }
        Answer full = client.post("mutation($p: ID!) { addSongToPlaylist(playlistId: $p, songId: \"" + song
                                  + "\") { id } }", Fixtures.vars("p", id), owner);
        assertThat(full.firstErrorCode(), is("BAD_USER_INPUT"));
        assertThat(full.errors().getJsonObject(0).getString("message"), is("A playlist holds at most 45 items; this "
                                                                           + "one is full."));

        client.data("mutation($s: ID!) { deleteSong(id: $s) }", Fixtures.vars("s", doomed),
                issuer.token("curator-1", "curator"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int count = 45;
        while (count != 44 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            count = read(id, owner).getInt("itemCount");
        }
        assertThat(count, is(44));
        assertThat(titles(read(id, owner)), not(org.hamcrest.Matchers.hasItem("Doomed")));
    }

    @Test
    void deletingIsConditionalToo() {
        String id = fixtures.playlist("Gone", true, owner);
        assertThat(code("mutation($p: ID!) { deletePlaylist(id: $p, expectedVersion: \"9\") }", id, owner),
                is("CONFLICT"));
        assertThat(client.data("mutation($p: ID!) { deletePlaylist(id: $p, expectedVersion: \"1\") }",
                Fixtures.vars("p", id), owner).getString("deletePlaylist"), is(id));
        assertThat(client.data("query($p: ID!) { playlist(id: $p) { id } }", Fixtures.vars("p", id), owner)
                .get("playlist"), is(JsonValue.NULL));
    }

    private JsonObject edit(String field, String id, String expected) {
        JsonObjectBuilder vars = Json.createObjectBuilder().add("p", id);
        String operation = field.substring(0, field.indexOf('('));
        return client.data("mutation($p: ID!) { " + field + " { " + PLAYLIST + " } }", vars.build(), owner)
                .getJsonObject(operation);
    }

    private JsonObject read(String id, String token) {
        return client.data("query($p: ID!) { playlist(id: $p) { " + PLAYLIST + " } }", Fixtures.vars("p", id), token)
                .getJsonObject("playlist");
    }

    private String code(String document, String id, String token) {
        Answer answer = client.post(document, Fixtures.vars("p", id), token);
        return answer.firstErrorCode();
    }

    static List<String> titles(JsonObject playlist) {
        return edges(playlist).stream().map(edge -> edge.asJsonObject().getJsonObject("node").getJsonObject("song")
                .getString("title")).toList();
    }

    static List<String> itemIds(JsonObject playlist) {
        return edges(playlist).stream().map(edge -> edge.asJsonObject().getJsonObject("node").getString("id")).toList();
    }

    private static JsonArray edges(JsonObject playlist) {
        return playlist.getJsonObject("items").getJsonArray("edges");
    }
}
