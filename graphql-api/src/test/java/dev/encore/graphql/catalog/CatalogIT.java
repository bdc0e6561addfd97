package dev.encore.graphql.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import java.util.UUID;

import dev.encore.graphql.GraphqlClient;
import dev.encore.graphql.GraphqlClient.Answer;
import dev.encore.graphql.MediaServiceStub;
import dev.encore.local.BackingServers;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

/**
 * The catalog through GraphQL documents over HTTP: writes with validation and authorization per role, relations,
 * keyset pagination, batching without N+1 (queries counted at the driver), search, and the cache with and without
 * Redis.
 */
@ExtendWith(BackingServersExtension.class)
@ExtendWith(MediaServiceStub.class)
@HelidonTest
@AddBean(CountingMongo.class)
// The live-event scheduler reads its lease every second; off here so CountingMongo sees only what a query costs.
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
class CatalogIT {

    static final String ARTIST_FIELDS = "id name genres createdAt updatedAt";
    static final String SONG_FIELDS = "id title durationMs trackNumber isrc mediaId streamUrl genres";

    @Inject
    WebTarget target;

    private GraphqlClient client;
    private final TestTokenIssuer issuer = TestTokenIssuer.shared();
    private String curator;

    @BeforeEach
    void client() {
        client = new GraphqlClient(target.getUri());
        curator = issuer.token("curator-1", "curator");
    }

    // ---- writes, relations ----

    @Test
    void createsAnArtistWithAnAlbumOfSongsAndReadsThemBackInTrackOrder() {
        String artistId = createArtist("Nina Simone", curator);
        String albumId = createAlbum("Pastel Blues", artistId, curator);
        createSong("Sinnerman", artistId, albumId, 3, "US-RC1-76-07839", MediaServiceStub.KNOWN_MEDIA);
        createSong("Be My Husband", artistId, albumId, 1, null, null);
        createSong("Nobody Knows You", artistId, albumId, 2, null, null);

        JsonObject album = client.data("query($id: ID!) { album(id: $id) { title releaseDate genres "
                + "artist { name } songs { title trackNumber isrc mediaId streamUrl artist { name } album { title } } } }",
                vars("id", albumId), null).getJsonObject("album");
        assertThat(album.getString("title"), is("Pastel Blues"));
        assertThat(album.getString("releaseDate"), is("1965-10-01"));
        assertThat(album.getJsonObject("artist").getString("name"), is("Nina Simone"));
        JsonArray songs = album.getJsonArray("songs");
        assertThat(titles(songs), contains("Be My Husband", "Nobody Knows You", "Sinnerman"));
        JsonObject sinnerman = songs.getJsonObject(2);
        assertThat(sinnerman.getString("isrc"), is("USRC17607839"));
        assertThat(sinnerman.getString("streamUrl"), is(MediaServiceStub.STREAM_URL));
        assertThat(songs.getJsonObject(0).get("streamUrl"), is(JsonValue.NULL));
        assertThat(songs.getJsonObject(0).get("mediaId"), is(JsonValue.NULL));
        assertThat(sinnerman.getJsonObject("album").getString("title"), is("Pastel Blues"));

        JsonObject artist = client.data("query($id: ID!) { artist(id: $id) { name albums { title } } }",
                vars("id", artistId), null).getJsonObject("artist");
        assertThat(artist.getJsonArray("albums").getJsonObject(0).getString("title"), is("Pastel Blues"));
    }

    @Test
    void streamUrlsComeFromMediaServiceOncePerMediaAndNullWhenItHasNone() {
        String artistId = createArtist("Streamer", curator);
        String albumId = createAlbum("Streams", artistId, curator);
        for (int track = 1; track <= 5; track++) {
            createSong("Same audio " + track, artistId, albumId, track, null, MediaServiceStub.KNOWN_MEDIA);
        }
        createSong("Unknown audio", artistId, albumId, 6, null, "media-unknown");
        int before = MediaServiceStub.requests();
        JsonArray songs = client.data("query($id: ID!) { album(id: $id) { songs { mediaId streamUrl } } }",
                vars("id", albumId), null).getJsonObject("album").getJsonArray("songs");
        assertThat(songs.getJsonObject(0).getString("streamUrl"), is(MediaServiceStub.STREAM_URL));
        assertThat(songs.getJsonObject(5).get("streamUrl"), is(JsonValue.NULL));
        assertThat("one lookup per distinct media id at most", MediaServiceStub.requests() - before,
                lessThanOrEqualTo(2));
    }

    @Test
    void unknownIdsAreNull() {
        JsonObject data = client.data("{ artist(id: \"5f0000000000000000000000\") { id } "
                                      + "album(id: \"not-an-object-id\") { id } song(id: \"x\") { id } }", null);
        assertThat(data.get("artist"), is(JsonValue.NULL));
        assertThat(data.get("album"), is(JsonValue.NULL));
        assertThat(data.get("song"), is(JsonValue.NULL));
    }

    @Test
    void everyCatalogRoleMayWriteAndOthersMayNot() {
        for (String role : new String[] {"artist", "curator", "admin"}) {
            createArtist("Writer " + role, issuer.token("u-" + role, role));
        }
        Answer anonymous = client.post(createArtistDocument(), vars("name", "Nobody"), null);
        assertThat(anonymous.firstErrorCode(), is("UNAUTHENTICATED"));
        assertThat(anonymous.json().get("data"), is(JsonValue.NULL));
        Answer listener = client.post(createArtistDocument(), vars("name", "Nobody"),
                issuer.token("u-listener", "listener", "moderator"));
        assertThat(listener.firstErrorCode(), is("FORBIDDEN"));
        assertThat(listener.errors().getJsonObject(0).getJsonArray("path").getString(0), is("createArtist"));
        for (String mutation : new String[] {"deleteArtist(id: \"x\")", "deleteAlbum(id: \"x\")",
                "deleteSong(id: \"x\")"}) {
            assertThat(client.post("mutation { " + mutation + " }", issuer.token("u", "listener")).firstErrorCode(),
                    is("FORBIDDEN"));
        }
    }

    @Test
    void invalidInputIsBadUserInputNamingTheField() {
        Answer blank = client.post(createArtistDocument(), vars("name", "   "), curator);
        assertThat(blank.firstErrorCode(), is("BAD_USER_INPUT"));
        assertThat(extensions(blank).getString("field"), is("input.name"));

        String artistId = createArtist("Validation Artist", curator);
        Answer badIsrc = client.post(createSongDocument(), songVars("Bad", artistId, null, 1, "NOT-AN-ISRC", null),
                curator);
        assertThat(extensions(badIsrc).getString("field"), is("input.isrc"));
        Answer noArtist = client.post(createSongDocument(),
                songVars("Orphan", "5f0000000000000000000000", null, 1, null, null), curator);
        assertThat(noArtist.firstErrorCode(), is("BAD_USER_INPUT"));
        assertThat(extensions(noArtist).getString("field"), is("input.artistId"));
        Answer badDate = client.post("mutation { createAlbum(input: {title: \"T\", artistId: \"" + artistId
                                     + "\", releaseDate: \"yesterday\"}) { id } }", curator);
        // a malformed literal is a document error, refused before execution
        assertThat(badDate.status(), is(400));
        assertThat(badDate.firstErrorCode(), is("GRAPHQL_VALIDATION_FAILED"));

        String isrc = "GB" + "AYE" + String.format("%07d", (int) (Math.random() * 9_999_999));
        createSong("First", artistId, null, null, isrc, null);
        Answer duplicate = client.post(createSongDocument(), songVars("Second", artistId, null, null, isrc, null),
                curator);
        assertThat(duplicate.firstErrorCode(), is("BAD_USER_INPUT"));
        assertThat(duplicate.errors().getJsonObject(0).getString("message"), containsString(isrc));
    }

    @Test
    void updatesReplaceFieldsAndDeletesGoLeavesFirst() {
        String artistId = createArtist("Before", curator);
        String albumId = createAlbum("Album", artistId, curator);
        String songId = createSong("Song", artistId, albumId, 1, null, null);
        // read once so the cache holds the old values
        assertThat(client.data("query($id: ID!) { artist(id: $id) { name } }", vars("id", artistId), null)
                .getJsonObject("artist").getString("name"), is("Before"));

        JsonObject updated = client.data("mutation($id: ID!) { updateArtist(id: $id, input: {name: \"After\", "
                + "genres: [\"Jazz\", \"jazz\", \" Soul \"]}) { name genres createdAt updatedAt } }",
                vars("id", artistId), curator).getJsonObject("updateArtist");
        assertThat(updated.getString("name"), is("After"));
        assertThat(strings(updated.getJsonArray("genres")), contains("Jazz", "Soul"));
        assertThat(client.data("query($id: ID!) { artist(id: $id) { name } }", vars("id", artistId), null)
                .getJsonObject("artist").getString("name"), is("After"));

        Answer refused = client.post("mutation($id: ID!) { deleteArtist(id: $id) }", vars("id", artistId), curator);
        assertThat(refused.firstErrorCode(), is("CONFLICT"));
        assertThat(client.post("mutation($id: ID!) { deleteAlbum(id: $id) }", vars("id", albumId), curator)
                .firstErrorCode(), is("CONFLICT"));

        assertThat(client.data("mutation($id: ID!) { deleteSong(id: $id) }", vars("id", songId), curator)
                .getString("deleteSong"), is(songId));
        client.data("mutation($id: ID!) { deleteAlbum(id: $id) }", vars("id", albumId), curator);
        client.data("mutation($id: ID!) { deleteArtist(id: $id) }", vars("id", artistId), curator);
        assertThat(client.data("query($id: ID!) { artist(id: $id) { name } }", vars("id", artistId), null)
                .get("artist"), is(JsonValue.NULL));
        assertThat(client.post("mutation($id: ID!) { deleteSong(id: $id) }", vars("id", songId), curator)
                .firstErrorCode(), is("NOT_FOUND"));
        assertThat(client.post("mutation($id: ID!) { updateArtist(id: $id, input: {name: \"x\"}) { id } }",
                vars("id", artistId), curator).firstErrorCode(), is("NOT_FOUND"));
    }

    @Test
    void restTwinsAnswerTheSameJsonAsTheirQueries() {
        String artistId = createArtist("Twin", curator);
        String albumId = createAlbum("Twin album", artistId, curator);
        String songId = createSong("Twin song", artistId, albumId, 1, null, null);
        createSong("Twin song 2", artistId, albumId, 2, null, null);
        assertThat(client.raw("GET", "/catalog/songs/" + songId, java.util.Map.of(), null).json(),
                is(client.post("query($id: ID!) { song(id: $id) { id title durationMs trackNumber artist { name } } }",
                        vars("id", songId), null).json()));
        assertThat(client.raw("GET", "/catalog/albums/" + albumId, java.util.Map.of(), null).json(),
                is(client.post("query($id: ID!) { album(id: $id) { id title artist { name } songs { id title "
                               + "durationMs trackNumber } } }", vars("id", albumId), null).json()));
    }

    // ---- pagination ----

    @Test
    void pagesWalkEveryArtistOnceInNameOrderEvenWithInsertsBetweenPages() {
        String tag = "Pager " + UUID.randomUUID().toString().substring(0, 6) + " ";
        for (int i = 0; i < 25; i++) {
            createArtist(tag + (char) ('a' + i), curator);
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        int total = -1;
        do {
            JsonObject page = client.data("query($after: String) { artists(first: 10, after: $after) { totalCount "
                    + "edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }",
                    after == null ? null : vars("after", after), null).getJsonObject("artists");
            total = page.getInt("totalCount");
            for (JsonValue edge : page.getJsonArray("edges")) {
                seen.add(edge.asJsonObject().getJsonObject("node").getString("name"));
            }
            JsonObject info = page.getJsonObject("pageInfo");
            after = info.getBoolean("hasNextPage") ? info.getString("endCursor") : null;
            if (pages == 0) {
                // inserted before the cursor ("0" sorts before letters) and after it: neither shifts later pages
                createArtist("0 early " + tag, curator);
                createArtist("zzz late " + tag, curator);
            }
            pages++;
        } while (after != null && pages < 100);
        assertThat("no artist twice", new HashSet<>(seen).size(), is(seen.size()));
        List<String> mine = seen.stream().filter(name -> name.startsWith(tag)).toList();
        assertThat(mine.size(), is(25));
        assertThat(mine, is(mine.stream().sorted().toList()));
        assertThat(seen, hasItem("zzz late " + tag.strip()));
        assertThat(total, greaterThan(26));
    }

    @Test
    void firstIsCappedAndCursorsAreChecked() {
        assertThat(client.post("{ songs(first: 101) { totalCount } }", null).firstErrorCode(), is("BAD_USER_INPUT"));
        assertThat(client.post("{ songs(first: -1) { totalCount } }", null).firstErrorCode(), is("BAD_USER_INPUT"));
        assertThat(client.post("{ albums(after: \"%%%\") { totalCount } }", null).firstErrorCode(),
                is("BAD_USER_INPUT"));
        JsonObject empty = client.data("{ albums(first: 0) { edges { cursor } pageInfo { hasNextPage } } }", null);
        assertThat(empty.getJsonObject("albums").getJsonArray("edges").size(), is(0));
    }

    // ---- no N+1 ----

    @Test
    void nestedListsCostABoundedNumberOfQueries() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        List<String> artistIds = new ArrayList<>();
        for (int a = 0; a < 6; a++) {
            artistIds.add(createArtist("Batch artist " + tag + a, curator));
        }
        for (int b = 0; b < 20; b++) {
            String artistId = artistIds.get(b % artistIds.size());
            String albumId = createAlbum("Batch album " + tag + b, artistId, curator);
            for (int s = 1; s <= 3; s++) {
                // songs by another artist than the album's, so song.artist is not just the album's artist
                createSong("Batch song " + tag + b + "-" + s, artistIds.get((b + s) % artistIds.size()), albumId, s,
                        null, null);
            }
        }
        CountingMongo.reset();
        JsonObject data = client.data("{ albums(first: 50) { edges { node { title artist { name } "
                + "songs { title artist { name } album { title } } } } } }", null);
        int reads = catalogReads();
        int songs = data.getJsonObject("albums").getJsonArray("edges").stream()
                .mapToInt(edge -> edge.asJsonObject().getJsonObject("node").getJsonArray("songs").size()).sum();
        assertThat(songs, greaterThan(50));
        // albums page + album.artist + album.songs + song.artist + song.album: at most one query each
        assertThat("queries sent: " + CountingMongo.commands() + ", reads " + CountingMongo.readsByCollection(), reads, lessThanOrEqualTo(5));

        CountingMongo.reset();
        client.data("{ artists(first: 20) { edges { node { name albums { title songs { title } } } } } }", null);
        // artists page + artist.albums + album.songs
        assertThat("queries sent: " + CountingMongo.commands() + ", reads " + CountingMongo.readsByCollection(),
                catalogReads(), lessThanOrEqualTo(3));
    }

    // ---- search ----

    @Test
    void searchIgnoresCaseAndAccentsAndMatchesWordPrefixes() {
        String artistId = createArtist("Beyoncé", curator);
        String albumId = createAlbum("The Dark Side of the Moon", artistId, curator);
        createSong("Crème Brûlée Blues", artistId, albumId, 1, null, null);

        for (String query : new String[] {"beyo", "BEYONCE", "Beyoncé", "  beyonc "}) {
            assertThat(query, names(search(query), "artists", "name"), hasItem("Beyoncé"));
        }
        assertThat(names(search("dark side"), "albums", "title"), hasItem("The Dark Side of the Moon"));
        assertThat(names(search("side dark"), "albums", "title"), hasItem("The Dark Side of the Moon"));
        assertThat(names(search("creme brul"), "songs", "title"), hasItem("Crème Brûlée Blues"));
        assertThat(names(search("dark sider"), "albums", "title"), not(hasItem("The Dark Side of the Moon")));
        assertThat(search("").getJsonArray("artists").size(), is(0));
    }

    @Test
    void searchRanksExactThenPrefixThenWordMatches() {
        String tag = "Qz" + UUID.randomUUID().toString().substring(0, 4);
        createArtist("The " + tag + " Band", curator);
        createArtist(tag + " Light", curator);
        createArtist(tag, curator);
        assertThat(names(search(tag.toLowerCase()), "artists", "name"),
                contains(tag, tag + " Light", "The " + tag + " Band"));
    }

    @Test
    void aNewEntityIsFoundRightAfterACachedSearchMissedIt() {
        String name = "Unheard" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(search(name).getJsonArray("artists").size(), is(0));
        assertThat(search(name).getJsonArray("artists").size(), is(0)); // now cached
        createArtist(name, curator);
        assertThat(names(search(name), "artists", "name"), contains(name));
    }

    // ---- cache ----

    @Test
    void hotReadsComeFromTheCacheAndWritesAreSeenAtOnce() {
        String artistId = createArtist("Cached", curator);
        String songId = createSong("Cached song", artistId, null, null, null, null);
        String query = "query($id: ID!) { song(id: $id) { title } }";
        client.data(query, vars("id", songId), null);
        CountingMongo.reset();
        for (int i = 0; i < 5; i++) {
            assertThat(client.data(query, vars("id", songId), null).getJsonObject("song").getString("title"),
                    is("Cached song"));
        }
        assertThat("no catalog reads for cached songs: " + CountingMongo.readsByCollection(), catalogReads(), is(0));
        assertThat(metrics(), containsString("encore_cache_hits_total{cache=\"song\""));

        client.data("mutation($id: ID!, $a: ID!) { updateSong(id: $id, input: {title: \"Renamed\", artistId: $a, "
                    + "durationMs: 1000}) { id } }", Json.createObjectBuilder().add("id", songId).add("a", artistId)
                .build(), curator);
        assertThat(client.data(query, vars("id", songId), null).getJsonObject("song").getString("title"),
                is("Renamed"));
    }

    @Test
    void redisDownDegradesToDirectReadsNeverErrors(BackingServers servers) {
        String artistId = createArtist("Redisless", curator);
        servers.redis().stop();
        try {
            String songId = createSong("Still works", artistId, null, null, null, null);
            assertThat(client.data("query($id: ID!) { song(id: $id) { title artist { name } } }", vars("id", songId),
                    null).getJsonObject("song").getString("title"), is("Still works"));
            assertThat(names(search("redisless"), "artists", "name"), contains("Redisless"));
            assertThat(metrics(), containsString("encore_cache_errors_total"));
        } finally {
            servers.redis().start();
        }
    }

    @Test
    void kafkaDownDoesNotSlowOrFailWrites(BackingServers servers) {
        servers.kafka().stop();
        try {
            long started = System.nanoTime();
            String artistId = createArtist("Kafkaless", curator);
            createSong("Written while Kafka is down", artistId, null, null, null, null);
            // A write that waited for Kafka would take 5 s at least: graphql's producer profile: max.block.ms (no metadata)
            // and request.timeout.ms (no ack) are both min(catalog-events.delivery-timeout = 30 s, 5 s).
            assertThat("a write does not wait for Kafka", (System.nanoTime() - started) / 1_000_000,
                    lessThan(5_000L));
            assertThat(client.data("query($id: ID!) { artist(id: $id) { name } }", vars("id", artistId), null)
                    .getJsonObject("artist").getString("name"), is("Kafkaless"));
        } finally {
            servers.kafka().start();
        }
    }

    // ---- helpers ----

    /**
     * Reads of the catalog's collections only: what a catalog query costs, without a background reader's (a song
     * deletion's playlist purge, say) landing in the same window.
     */
    private static int catalogReads() {
        return CountingMongo.reads("artists") + CountingMongo.reads("albums") + CountingMongo.reads("songs");
    }

    private JsonObject search(String query) {
        return client.data("query($q: String!) { search(query: $q) { artists { name } albums { title } "
                           + "songs { title } } }", vars("q", query), null).getJsonObject("search");
    }

    private static List<String> names(JsonObject results, String list, String field) {
        return results.getJsonArray(list).stream().map(v -> v.asJsonObject().getString(field)).toList();
    }

    private String metrics() {
        return client.raw("GET", "/metrics", java.util.Map.of("Accept", "text/plain"), null).raw().body();
    }

    static String createArtistDocument() {
        return "mutation($name: String!) { createArtist(input: {name: $name, genres: [\"Jazz\"]}) { " + ARTIST_FIELDS
               + " } }";
    }

    static String createSongDocument() {
        return "mutation($title: String!, $artistId: ID!, $albumId: ID, $track: Int, $isrc: String, $media: ID) { "
               + "createSong(input: {title: $title, artistId: $artistId, albumId: $albumId, durationMs: 210000, "
               + "trackNumber: $track, isrc: $isrc, mediaId: $media}) { " + SONG_FIELDS + " } }";
    }

    private String createArtist(String name, String token) {
        return client.data(createArtistDocument(), vars("name", name), token).getJsonObject("createArtist")
                .getString("id");
    }

    private String createAlbum(String title, String artistId, String token) {
        return client.data("mutation($t: String!, $a: ID!) { createAlbum(input: {title: $t, artistId: $a, "
                           + "releaseDate: \"1965-10-01\", genres: [\"Jazz\"]}) { id } }",
                Json.createObjectBuilder().add("t", title).add("a", artistId).build(), token)
                .getJsonObject("createAlbum").getString("id");
    }

    private String createSong(String title, String artistId, String albumId, Integer track, String isrc,
                              String mediaId) {
        return client.data(createSongDocument(), songVars(title, artistId, albumId, track, isrc, mediaId), curator)
                .getJsonObject("createSong").getString("id");
    }

    private static JsonObject songVars(String title, String artistId, String albumId, Integer track, String isrc,
                                       String mediaId) {
        var vars = Json.createObjectBuilder().add("title", title).add("artistId", artistId);
        if (albumId != null) {
            vars.add("albumId", albumId);
        }
        if (track != null) {
            vars.add("track", track);
        }
        if (isrc != null) {
            vars.add("isrc", isrc);
        }
        if (mediaId != null) {
            vars.add("media", mediaId);
        }
        return vars.build();
    }

    static JsonObject vars(String name, String value) {
        return Json.createObjectBuilder().add(name, value).build();
    }

    private static JsonObject extensions(Answer answer) {
        return answer.errors().getJsonObject(0).getJsonObject("extensions");
    }

    private static List<String> titles(JsonArray songs) {
        return songs.stream().map(v -> v.asJsonObject().getString("title")).toList();
    }

    private static List<String> strings(JsonArray array) {
        return array.stream().map(v -> ((jakarta.json.JsonString) v).getString()).toList();
    }

}
