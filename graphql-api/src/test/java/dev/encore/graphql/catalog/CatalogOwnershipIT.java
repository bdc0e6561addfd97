package dev.encore.graphql.catalog;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.encore.graphql.GraphqlClient;
import dev.encore.graphql.GraphqlClient.Answer;
import dev.encore.graphql.MediaServiceStub;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import dev.encore.support.mongo.MongoReactive;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.WebTarget;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Who may change which catalog entries, over real HTTP with real signed tokens: two artists, a curator and an admin.
 * An artist edits and deletes only the artists it created and the albums and songs under them; curators and admins
 * edit everything; an artist stored without owners is left to curators and admins. Every refusal is
 * {@code FORBIDDEN}, says why, and leaves the entry exactly as it was.
 */
@ExtendWith(BackingServersExtension.class)
@ExtendWith(MediaServiceStub.class)
@HelidonTest
@AddBean(CountingMongo.class)
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
class CatalogOwnershipIT {

    private static final String ARTIST = "artist(id: $id) { name genres updatedAt albums { id title } }";
    private static final String ALBUM = "album(id: $id) { title artist { id } updatedAt songs { id title } }";
    private static final String SONG = "song(id: $id) { title durationMs artist { id } album { id } updatedAt }";

    @Inject
    WebTarget target;

    @Inject
    MongoDatabase database;

    private final TestTokenIssuer issuer = TestTokenIssuer.shared();
    private GraphqlClient client;
    private String alice;
    private String bob;
    private String curator;
    private String admin;

    @BeforeEach
    void setUp() {
        client = new GraphqlClient(target.getUri());
        String run = UUID.randomUUID().toString().substring(0, 8);
        alice = issuer.token("alice-" + run, "listener", "artist");
        bob = issuer.token("bob-" + run, "listener", "artist");
        curator = issuer.token("curator-" + run, "curator");
        admin = issuer.token("admin-" + run, "admin");
    }

    @Test
    void anArtistEditsAndDeletesItsOwnArtistAlbumAndSong() {
        String artistId = createArtist("Alice Band", alice);
        String albumId = createAlbum("First", artistId, alice);
        String songId = createSong("Opening", artistId, albumId, alice);

        assertThat(updateArtist(artistId, "Alice's Band", alice).errors().isEmpty(), is(true));
        assertThat(updateAlbum(albumId, "First (Deluxe)", artistId, alice).errors().isEmpty(), is(true));
        assertThat(updateSong(songId, "Opening (Live)", artistId, albumId, alice).errors().isEmpty(), is(true));
        assertThat(read(SONG, songId).getString("title"), is("Opening (Live)"));

        assertThat(delete("deleteSong", songId, alice).errors().isEmpty(), is(true));
        assertThat(delete("deleteAlbum", albumId, alice).errors().isEmpty(), is(true));
        assertThat(delete("deleteArtist", artistId, alice).errors().isEmpty(), is(true));
        assertThat(readNullable(ARTIST, artistId), is(JsonValue.NULL));
    }

    @Test
    void anotherArtistCanNeitherEditNorDeleteNorAddToIt() {
        String artistId = createArtist("Alice Solo", alice);
        String albumId = createAlbum("Solo", artistId, alice);
        String songId = createSong("Only Mine", artistId, albumId, alice);
        JsonObject artistBefore = read(ARTIST, artistId);
        JsonObject albumBefore = read(ALBUM, albumId);
        JsonObject songBefore = read(SONG, songId);

        assertForbidden(updateArtist(artistId, "Bob's now", bob), "updateArtist", "Alice Solo");
        assertForbidden(delete("deleteArtist", artistId, bob), "deleteArtist", "Alice Solo");
        assertForbidden(updateAlbum(albumId, "Bob's album", artistId, bob), "updateAlbum", "Alice Solo");
        assertForbidden(delete("deleteAlbum", albumId, bob), "deleteAlbum", "Alice Solo");
        assertForbidden(updateSong(songId, "Bob's song", artistId, albumId, bob), "updateSong", "Alice Solo");
        assertForbidden(delete("deleteSong", songId, bob), "deleteSong", "Alice Solo");
        assertForbidden(createAlbumAnswer("Smuggled album", artistId, bob), "createAlbum", "Alice Solo");
        assertForbidden(createSongAnswer("Smuggled song", artistId, null, bob), "createSong", "Alice Solo");

        assertThat("nothing was written", read(ARTIST, artistId), is(artistBefore));
        assertThat(read(ALBUM, albumId), is(albumBefore));
        assertThat(read(SONG, songId), is(songBefore));
    }

    @Test
    void anArtistCannotMoveItsEntriesToAnotherArtistNorTakeTheirsOver() {
        String mine = createArtist("Alice Moves", alice);
        String myAlbum = createAlbum("Mine", mine, alice);
        String mySong = createSong("Mine too", mine, myAlbum, alice);
        String theirs = createArtist("Bob Stays", bob);
        String theirAlbum = createAlbum("Theirs", theirs, bob);
        String theirSong = createSong("Theirs too", theirs, theirAlbum, bob);
        JsonObject myAlbumBefore = read(ALBUM, myAlbum);
        JsonObject mySongBefore = read(SONG, mySong);
        JsonObject theirSongBefore = read(SONG, theirSong);

        // out of what alice owns: under bob's artist, or onto bob's album
        assertForbidden(updateAlbum(myAlbum, "Mine", theirs, alice), "updateAlbum", "Bob Stays");
        assertForbidden(updateSong(mySong, "Mine too", theirs, null, alice), "updateSong", "Bob Stays");
        assertForbidden(updateSong(mySong, "Mine too", mine, theirAlbum, alice), "updateSong", "Bob Stays");
        assertForbidden(createSongAnswer("Cuckoo", mine, theirAlbum, alice), "createSong", "Bob Stays");
        // into what alice owns: bob's song moved under alice's artist is still bob's song to move
        assertForbidden(updateSong(theirSong, "Taken", mine, myAlbum, alice), "updateSong", "Bob Stays");

        assertThat(read(ALBUM, myAlbum), is(myAlbumBefore));
        assertThat(read(SONG, mySong), is(mySongBefore));
        assertThat(read(SONG, theirSong), is(theirSongBefore));
        assertThat(read(ALBUM, theirAlbum).getJsonArray("songs").size(), is(1));
    }

    @Test
    void curatorsAndAdminsEditEveryArtistsCatalog() {
        String artistId = createArtist("Alice Curated", alice);
        String albumId = createAlbum("Curated", artistId, alice);
        String songId = createSong("Curated song", artistId, albumId, alice);

        assertThat(updateArtist(artistId, "Alice (curated)", curator).errors().isEmpty(), is(true));
        assertThat(updateAlbum(albumId, "Curated (remaster)", artistId, curator).errors().isEmpty(), is(true));
        assertThat(updateSong(songId, "Curated song (edit)", artistId, albumId, admin).errors().isEmpty(), is(true));
        String added = createSong("Bonus track", artistId, albumId, curator);
        assertThat(read(ALBUM, albumId).getJsonArray("songs").size(), is(2));

        // what a curator added under alice's artist is alice's too: albums and songs belong to their artist
        assertThat(updateSong(added, "Bonus track (Alice's cut)", artistId, albumId, alice).errors().isEmpty(),
                is(true));
        assertThat(delete("deleteSong", added, admin).errors().isEmpty(), is(true));
        assertThat(delete("deleteSong", songId, curator).errors().isEmpty(), is(true));
        assertThat(delete("deleteAlbum", albumId, admin).errors().isEmpty(), is(true));
        assertThat(delete("deleteArtist", artistId, curator).errors().isEmpty(), is(true));
    }

    @Test
    void aCuratorsArtistAndOneStoredWithoutOwnersAreLeftToCuratorsAndAdmins() {
        String curated = createArtist("Curator's Pick", curator);
        assertForbidden(updateArtist(curated, "Taken over", alice), "updateArtist", "Curator's Pick");
        assertForbidden(createAlbumAnswer("Squatter", curated, alice), "createAlbum", "Curator's Pick");

        // an artist stored before ownership was recorded: no ownerIds field at all
        String legacy = new ObjectId().toHexString();
        Date now = Date.from(Instant.now());
        MongoReactive.first(database.getCollection("artists").insertOne(new Document("_id", new ObjectId(legacy))
                .append("name", "Old Timer").append("sortKey", SearchKeys.sortKey("Old Timer"))
                .append("searchTokens", SearchKeys.tokens("Old Timer")).append("genres", List.of())
                .append("createdAt", now).append("updatedAt", now))).await().indefinitely();
        assertForbidden(updateArtist(legacy, "Mine now", alice), "updateArtist", "Old Timer");
        assertForbidden(delete("deleteArtist", legacy, bob), "deleteArtist", "Old Timer");
        assertThat(read(ARTIST, legacy).getString("name"), is("Old Timer"));
        assertThat(updateArtist(legacy, "Old Timer (remastered)", curator).errors().isEmpty(), is(true));
        assertThat(delete("deleteArtist", legacy, admin).errors().isEmpty(), is(true));
    }

    @Test
    void anArtistsWriteReadsTheOwnersOfEveryArtistItTouchesInOneQuery() {
        String first = createArtist("Alice One", alice);
        String second = createArtist("Alice Two", alice);
        String firstAlbum = createAlbum("One", first, alice);
        String secondAlbum = createAlbum("Two", second, alice);
        String songId = createSong("Wanderer", first, firstAlbum, alice);

        CountingMongo.reset();
        // three ownership checks (where the song is, where it goes, whose album it joins): one artists query
        assertThat(updateSong(songId, "Wanderer", second, secondAlbum, alice).errors().isEmpty(), is(true));
        assertThat("reads: " + CountingMongo.readsByCollection(), CountingMongo.reads("artists"), is(1));
        assertThat("reads: " + CountingMongo.readsByCollection(), CountingMongo.reads("songs"), is(1));
        assertThat("reads: " + CountingMongo.readsByCollection(), CountingMongo.reads("albums"), is(1));
        assertThat(read(SONG, songId).getJsonObject("album").getString("id"), is(secondAlbum));
    }

    @Test
    void unknownEntriesAreNotFoundAndListenersStayForbidden() {
        assertThat(updateArtist(new ObjectId().toHexString(), "Ghost", alice).firstErrorCode(), is("NOT_FOUND"));
        assertThat(delete("deleteSong", new ObjectId().toHexString(), alice).firstErrorCode(), is("NOT_FOUND"));
        String artistId = createArtist("Listened To", alice);
        Answer listener = updateArtist(artistId, "Heard", issuer.token("fan", "listener"));
        assertThat(listener.firstErrorCode(), is("FORBIDDEN"));
        assertThat(listener.errors().getJsonObject(0).getString("message"), containsString("roles"));
    }

    // ---- helpers ----

    private static void assertForbidden(Answer answer, String mutation, String artistName) {
        assertThat(answer.json().toString(), answer.firstErrorCode(), is("FORBIDDEN"));
        JsonObject error = answer.errors().getJsonObject(0);
        assertThat(error.getJsonArray("path").getString(0), is(mutation));
        assertThat(error.getString("message"), containsString("You do not own the artist '" + artistName + "'"));
        assertThat(answer.json().get("data"), is(JsonValue.NULL));
    }

    private String createArtist(String name, String token) {
        return client.data("mutation($n: String!) { createArtist(input: {name: $n}) { id } }", vars().add("n", name)
                .build(), token).getJsonObject("createArtist").getString("id");
    }

    private String createAlbum(String title, String artistId, String token) {
        Answer answer = createAlbumAnswer(title, artistId, token);
        assertThat(answer.json().toString(), answer.errors().isEmpty(), is(true));
        return answer.data().getJsonObject("createAlbum").getString("id");
    }

    private Answer createAlbumAnswer(String title, String artistId, String token) {
        return client.post("mutation($t: String!, $a: ID!) { createAlbum(input: {title: $t, artistId: $a}) { id } }",
                vars().add("t", title).add("a", artistId).build(), token);
    }

    private String createSong(String title, String artistId, String albumId, String token) {
        Answer answer = createSongAnswer(title, artistId, albumId, token);
        assertThat(answer.json().toString(), answer.errors().isEmpty(), is(true));
        return answer.data().getJsonObject("createSong").getString("id");
    }

    private Answer createSongAnswer(String title, String artistId, String albumId, String token) {
        return client.post("mutation($t: String!, $a: ID!, $b: ID) { createSong(input: {title: $t, artistId: $a, "
                           + "albumId: $b, durationMs: 180000}) { id } }", songVars(title, artistId, albumId), token);
    }

    private Answer updateArtist(String id, String name, String token) {
        return client.post("mutation($id: ID!, $n: String!) { updateArtist(id: $id, input: {name: $n}) { id } }",
                vars().add("id", id).add("n", name).build(), token);
    }

    private Answer updateAlbum(String id, String title, String artistId, String token) {
        return client.post("mutation($id: ID!, $t: String!, $a: ID!) { updateAlbum(id: $id, input: {title: $t, "
                           + "artistId: $a}) { id } }", vars().add("id", id).add("t", title).add("a", artistId).build(),
                token);
    }

    private Answer updateSong(String id, String title, String artistId, String albumId, String token) {
        JsonObject variables = Json.createObjectBuilder(songVars(title, artistId, albumId)).add("id", id).build();
        return client.post("mutation($id: ID!, $t: String!, $a: ID!, $b: ID) { updateSong(id: $id, input: {title: $t, "
                           + "artistId: $a, albumId: $b, durationMs: 180000}) { id } }", variables, token);
    }

    private Answer delete(String mutation, String id, String token) {
        return client.post("mutation($id: ID!) { " + mutation + "(id: $id) }", vars().add("id", id).build(), token);
    }

    private JsonObject read(String field, String id) {
        JsonValue value = readNullable(field, id);
        assertThat(field + " " + id, value == JsonValue.NULL, is(false));
        return value.asJsonObject();
    }

    private JsonValue readNullable(String field, String id) {
        JsonObject data = client.data("query($id: ID!) { " + field + " }", vars().add("id", id).build(), null);
        return data.values().iterator().next();
    }

    private static JsonObject songVars(String title, String artistId, String albumId) {
        JsonObjectBuilder variables = vars().add("t", title).add("a", artistId);
        if (albumId != null) {
            variables.add("b", albumId);
        }
        return variables.build();
    }

    private static JsonObjectBuilder vars() {
        return Json.createObjectBuilder();
    }
}
