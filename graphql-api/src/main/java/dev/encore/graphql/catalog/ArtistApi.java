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

/** Artists: lookups, the paged list, an artist's albums (batched), and the writes. */
@GraphQLApi
@ApplicationScoped
public class ArtistApi {

    @Inject
    CatalogService catalog;

    @Inject
    CatalogMapper mapper;

    @Query
    @Description("The artist with this id, or null.")
    public Uni<Artist> artist(@Id @NonNull String id) {
        return catalog.artist(id).map(mapper::artist);
    }

    /**
     * Federation: every {@code Artist} representation of one {@code _entities} call at once (cache first, then one
     * query), in their order, null where {@code artist(id)} is null. Not in the schema; see the federation package.
     */
    @Resolver
    public Uni<List<Artist>> artistEntities(@Name("id") List<String> ids) {
        return catalog.artists(ids).map(byId -> ids.stream().map(id -> mapper.artist(byId.get(id))).toList());
    }

    @Query
    @NonNull
    @Description("Every artist in name order, a page at a time (first: at most 100, default 20).")
    public Uni<ArtistConnection> artists(Integer first, String after) {
        PageRequest request = PageRequest.of(first, after);
        return catalog.artistPage(request).map(page -> new ArtistConnection(
                page.items().stream().map(doc -> new ArtistEdge(cursor(doc).encode(), mapper.artist(doc))).toList(),
                page.pageInfo(ArtistApi::cursor)));
    }

    @NonNull
    @Description("How many artists there are in all.")
    public Uni<Integer> totalCount(@Source ArtistConnection connection) {
        return catalog.artistCount().map(Long::intValue);
    }

    /**
     * Batched: one query for the albums of every artist in the response, however many there are (one per artist
     * would be the N+1 the DataLoader exists to avoid).
     */
    @NonNull
    @Description("The artist's albums, oldest release first.")
    public Uni<List<@NonNull List<@NonNull Album>>> albums(@Source List<Artist> artists) {
        return catalog.albumsOfArtists(artists.stream().map(Artist::id).toList()).map(byArtist ->
                artists.stream().map(artist -> byArtist.getOrDefault(artist.id(), List.of()).stream()
                        .map(mapper::album).toList()).toList());
    }

    @Mutation
    @NonNull
    @Description("Creates an artist (roles artist, curator, admin). The caller owns it: an artist-role user edits and "
                 + "deletes only the artists it created, and adds albums and songs only under them.")
    @RequiresRole({Roles.ARTIST, Roles.CURATOR, Roles.ADMIN})
    @RequiresScopes(scopes = {@ScopeGroup(@ScopeItem(Roles.ARTIST)), @ScopeGroup(@ScopeItem(Roles.CURATOR)),
        @ScopeGroup(@ScopeItem(Roles.ADMIN))})
    public Uni<Artist> createArtist(@NonNull ArtistInput input) {
        return catalog.createArtist(input, CatalogEditor.current()).map(mapper::artist);
    }

    @Mutation
    @NonNull
    @Description("Replaces an artist's fields. Curators and admins edit every artist; an artist-role user only the "
                 + "ones it owns (FORBIDDEN otherwise, and nothing changes).")
    @RequiresRole({Roles.ARTIST, Roles.CURATOR, Roles.ADMIN})
    @RequiresScopes(scopes = {@ScopeGroup(@ScopeItem(Roles.ARTIST)), @ScopeGroup(@ScopeItem(Roles.CURATOR)),
        @ScopeGroup(@ScopeItem(Roles.ADMIN))})
    public Uni<Artist> updateArtist(@Id @NonNull String id, @NonNull ArtistInput input) {
        return catalog.updateArtist(id, input, CatalogEditor.current()).map(mapper::artist);
    }

    @Mutation
    @Id
    @NonNull
    @Description("Deletes an artist that has no albums or songs left (CONFLICT otherwise); returns its id. Curators "
                 + "and admins delete any artist; an artist-role user only the ones it owns (FORBIDDEN otherwise).")
    @RequiresRole({Roles.ARTIST, Roles.CURATOR, Roles.ADMIN})
    @RequiresScopes(scopes = {@ScopeGroup(@ScopeItem(Roles.ARTIST)), @ScopeGroup(@ScopeItem(Roles.CURATOR)),
        @ScopeGroup(@ScopeItem(Roles.ADMIN))})
    public Uni<String> deleteArtist(@Id @NonNull String id) {
        return catalog.deleteArtist(id, CatalogEditor.current());
    }

    static Cursor cursor(ArtistDocument document) {
        return new Cursor(SearchKeys.sortKey(document.name()), document.id());
    }
}
