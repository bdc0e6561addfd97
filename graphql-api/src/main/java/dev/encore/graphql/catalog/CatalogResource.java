package dev.encore.graphql.catalog;

import java.util.List;
import java.util.concurrent.CompletionStage;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Two read-only REST twins of GraphQL queries, answering the same JSON through the same service and cache:
 * {@code /catalog/songs/{id}} is {@code { song(id) { id title durationMs trackNumber artist { name } } }} and
 * {@code /catalog/albums/{id}} is {@code { album(id) { id title artist { name } songs { id title durationMs
 * trackNumber } } }}. They exist as the baseline of the benchmark (what the GraphQL layer costs over plain JAX-RS)
 * and for clients that only need these two reads.
 */
@Path("/catalog")
@PermitAll
@ApplicationScoped
public class CatalogResource {

    /**
     * Looked up once: {@code jakarta.json.Json.createObjectBuilder()} runs a {@code ServiceLoader} scan of the class
     * path on every call, whose jar and directory lookups serialize concurrent requests on the class loader's locks;
     * with three builders per answer that was where this resource's p99 went (131 ms against a p50 of 0.55 ms).
     */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    CatalogService catalog;

    @GET
    @Path("/songs/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> song(@PathParam("id") String id) {
        return catalog.song(id).chain(song -> song == null ? Uni.createFrom().item((JsonObject) null)
                        : catalog.artist(song.artistId()).map(artist -> songJson(song)
                        .add("artist", JSON.createObjectBuilder().add("name", artist.name())).build()))
                .map(song -> answer("song", song)).subscribeAsCompletionStage();
    }

    @GET
    @Path("/albums/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> album(@PathParam("id") String id) {
        return catalog.album(id).chain(album -> {
            if (album == null) {
                return Uni.createFrom().item((JsonObject) null);
            }
            return Uni.combine().all().unis(catalog.artist(album.artistId()),
                    catalog.songsOfAlbums(List.of(album.id()))).asTuple().map(found -> {
                        JsonArrayBuilder songs = JSON.createArrayBuilder();
                        found.getItem2().getOrDefault(album.id(), List.of()).forEach(song -> songs.add(songJson(song)));
                        return JSON.createObjectBuilder().add("id", album.id()).add("title", album.title())
                                .add("artist", JSON.createObjectBuilder().add("name", found.getItem1().name()))
                                .add("songs", songs).build();
                    });
        }).map(album -> answer("album", album)).subscribeAsCompletionStage();
    }

    private static JsonObjectBuilder songJson(SongDocument song) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("id", song.id()).add("title", song.title())
                .add("durationMs", song.durationMs());
        if (song.trackNumber() == null) {
            json.addNull("trackNumber");
        } else {
            json.add("trackNumber", song.trackNumber());
        }
        return json;
    }

    private static Response answer(String name, JsonObject value) {
        JsonObjectBuilder data = JSON.createObjectBuilder();
        if (value == null) {
            data.addNull(name);
        } else {
            data.add(name, value);
        }
        return Response.ok(JSON.createObjectBuilder().add("data", data).build().toString(),
                MediaType.APPLICATION_JSON_TYPE).build();
    }
}
