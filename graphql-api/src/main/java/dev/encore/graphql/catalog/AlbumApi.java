package dev.encore.graphql.catalog;

import java.util.List;

import dev.encore.graphql.relay.Cursor;
import dev.encore.graphql.relay.PageRequest;
import dev.encore.graphql.security.RequiresRole;
import dev.encore.graphql.security.Roles;
import io.smallrye.graphql.api.federation.Resolver;
import io.smallrye.graphql.api.federation.requiresscopes.RequiresScopes;
import io.smallrye.graphql.api.federation.requiresscopes.ScopeGroup;
import io.smallrye.graphql.api.federation.requiresscopes.ScopeItem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** Albums: lookups, the paged list, an album's artist and songs (both batched), and the writes. */
@GraphQLApi
@ApplicationScoped
public class AlbumApi {

    @Inject
    CatalogService catalog;

    @Inject
    CatalogMapper mapper;

    @Query
    @Description("The album with this id, or null.")
    public Uni<Album> album(@Id @NonNull String id) {
        return catalog.album(id).map(mapper::album);
    }

    /**
     * Federation: every {@code Album} representation of one {@code _entities} call at once (cache first, then one
     * query), in their order, null where {@code album(id)} is null. Not in the schema; see the federation package.
     */
    @Resolver
    public Uni<List<Album>> albumEntities(@Name("id") List<String> ids) {
        return catalog.albums(ids).map(byId -> ids.stream().map(id -> mapper.album(byId.get(id))).toList());
    }

    @Query
    @NonNull
    @Description("Every album in title order, a page at a time (first: at most 100, default 20).")
    public Uni<AlbumConnection> albums(Integer first, String after) {
        PageRequest request = PageRequest.of(first, after);
        return catalog.albumPage(request).map(page -> new AlbumConnection(
                page.items().stream().map(doc -> new AlbumEdge(cursor(doc).encode(), mapper.album(doc))).toList(),
                page.pageInfo(AlbumApi::cursor)));
    }

    @NonNull
    @Description("How many albums there are in all.")
    public Uni<Integer> totalCount(@Source AlbumConnection connection) {
        return catalog.albumCount().map(Long::intValue);
    }

    /** Batched: the artists of every album in the response from the cache, then one query for the rest. */
    @NonNull
    public Uni<List<@NonNull Artist>> artist(@Source List<Album> albums) {
        return catalog.artists(albums.stream().map(Album::artistId).toList()).map(byId ->
                albums.stream().map(album -> mapper.artist(byId.get(album.artistId()))).toList());
    }

    /** Batched: one query for the songs of every album in the response. */
    @NonNull
    @Description("The album's songs in track order.")
    public Uni<List<@NonNull List<@NonNull Song>>> songs(@Source List<Album> albums) {
        return catalog.songsOfAlbums(albums.stream().map(Album::id).toList()).map(byAlbum ->
                albums.stream().map(album -> byAlbum.getOrDefault(album.id(), List.of()).stream()
                        .map(mapper::song).toList()).toList());
    }

    @Mutation
    @NonNull
    @Description("Creates an album of an artist. An album belongs to its artist: an artist-role user creates albums "
                 + "only under an artist it owns (FORBIDDEN otherwise); curators and admins under any.")
    @RequiresRole({Roles.ARTIST, Roles.CURATOR, Roles.ADMIN})
    @RequiresScopes(scopes = {@ScopeGroup(@ScopeItem(Roles.ARTIST)), @ScopeGroup(@ScopeItem(Roles.CURATOR)),
        @ScopeGroup(@ScopeItem(Roles.ADMIN))})
    public Uni<Album> createAlbum(@NonNull AlbumInput input) {
        return catalog.createAlbum(input, CatalogEditor.current()).map(mapper::album);
    }

    @Mutation
    @NonNull
    @Description("Replaces an album's fields. An artist-role user edits only albums of an artist it owns, and moves "
                 + "them only to another artist it owns (FORBIDDEN otherwise, and nothing changes); curators and "
                 + "admins edit every album.")
    @RequiresRole({Roles.ARTIST, Roles.CURATOR, Roles.ADMIN})
    @RequiresScopes(scopes = {@ScopeGroup(@ScopeItem(Roles.ARTIST)), @ScopeGroup(@ScopeItem(Roles.CURATOR)),
        @ScopeGroup(@ScopeItem(Roles.ADMIN))})
    public Uni<Album> updateAlbum(@Id @NonNull String id, @NonNull AlbumInput input) {
        return catalog.updateAlbum(id, input, CatalogEditor.current()).map(mapper::album);
    }

    @Mutation
    @Id
    @NonNull
    @Description("Deletes an album that has no songs left (CONFLICT otherwise); returns its id. An artist-role user "
                 + "deletes only albums of an artist it owns (FORBIDDEN otherwise); curators and admins any.")
    @RequiresRole({Roles.ARTIST, Roles.CURATOR, Roles.ADMIN})
    @RequiresScopes(scopes = {@ScopeGroup(@ScopeItem(Roles.ARTIST)), @ScopeGroup(@ScopeItem(Roles.CURATOR)),
        @ScopeGroup(@ScopeItem(Roles.ADMIN))})
    public Uni<String> deleteAlbum(@Id @NonNull String id) {
        return catalog.deleteAlbum(id, CatalogEditor.current());
    }

    static Cursor cursor(AlbumDocument document) {
        return new Cursor(SearchKeys.sortKey(document.title()), document.id());
    }
}
