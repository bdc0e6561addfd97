package dev.encore.graphql;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** Catalog and playlist data made through the API, for the playlist, live event and subscription tests. */
public final class Fixtures {

    private final GraphqlClient client;
    private final String curator;

    public Fixtures(GraphqlClient client, String curatorToken) {
        this.client = client;
        this.curator = curatorToken;
    }

    public String artist(String name) {
        return client.data("mutation($n: String!) { createArtist(input: {name: $n}) { id } }",
                vars("n", name), curator).getJsonObject("createArtist").getString("id");
    }

    public String song(String artistId, String title, int durationMs) {
        return client.data("mutation($t: String!, $a: ID!, $d: Int!) { createSong(input: {title: $t, artistId: $a, "
                           + "durationMs: $d}) { id } }",
                Json.createObjectBuilder().add("t", title).add("a", artistId).add("d", durationMs).build(), curator)
                .getJsonObject("createSong").getString("id");
    }

    public String playlist(String name, boolean isPublic, String token) {
        return client.data("mutation($n: String!, $p: Boolean) { createPlaylist(input: {name: $n, public: $p}) { id } }",
                Json.createObjectBuilder().add("n", name).add("p", isPublic).build(), token)
                .getJsonObject("createPlaylist").getString("id");
    }

    /** Appends; returns the playlist after it ({@code id version items { edges { node { id } } }}). */
    public JsonObject add(String playlistId, String songId, String token) {
        return client.data("mutation($p: ID!, $s: ID!) { addSongToPlaylist(playlistId: $p, songId: $s) { id version "
                           + "itemCount } }",
                Json.createObjectBuilder().add("p", playlistId).add("s", songId).build(), token)
                .getJsonObject("addSongToPlaylist");
    }

    public static JsonObject vars(String name, String value) {
        return Json.createObjectBuilder().add(name, value).build();
    }
}
