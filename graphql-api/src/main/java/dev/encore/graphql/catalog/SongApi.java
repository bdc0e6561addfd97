package dev.encore.graphql.catalog;

import java.util.List;
import java.util.Objects;

import dev.encore.graphql.media.MediaClient;
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

/** Songs: lookups, the paged list, a song's artist and album (both batched), and the writes. */
@GraphQLApi
@ApplicationScoped
public class SongApi {

    @Inject
    CatalogService catalog;

    @Inject
    CatalogMapper mapper;

    @Inject
    MediaClient media;

    @Inject
    SongLookup lookup;

    @Query
    @Description("The song with this id, or null.")
    public Uni<Song> song(@Id @NonNull String id) {
        return catalog.song(id).map(mapper::song);
    }

    /**
     * Federation: every {@code Song} representation of one {@code _entities} call at once (cache first, then one
     * query), in their order, null where {@code song(id)} is null. Not in the schema; see the federation package.
     */
    @Resolver
    public Uni<List<Song>> songEntities(@Name("id") List<String> ids) {
        return lookup.inOrder(ids);
    }

    @Query
    @NonNull
    @Description("Every song in title order, a page at a time (first: at most 100, default 20).")
    public Uni<SongConnection> songs(Integer first, String after) {
        PageRequest request = PageRequest.of(first, after);
        return catalog.songPage(request).map(page -> new SongConnection(
                page.items().stream().map(doc -> new SongEdge(cursor(doc).encode(), mapper.song(doc))).toList(),
                page.pageInfo(SongApi::cursor)));
    }

    @NonNull
    @Description("How many songs there are in all.")
    public Uni<Integer> totalCount(@Source SongConnection connection) {
        return catalog.songCount().map(Long::intValue);
    }

    /** Batched: the artists of every song in the response from the cache, then one query for the rest. */
    @NonNull
    public Uni<List<@NonNull Artist>> artist(@Source List<Song> songs) {
        return catalog.artists(songs.stream().map(Song::artistId).toList()).map(byId ->
                songs.stream().map(song -> mapper.artist(byId.get(song.artistId()))).toList());
    }

    /** Batched like {@link #artist}; null for a song that is not on an album. */
    @Description("The album the song is on, or null for a single.")
    public Uni<List<Album>> album(@Source List<Song> songs) {
        List<String> ids = songs.stream().map(Song::albumId).filter(Objects::nonNull).toList();
        return catalog.albums(ids).map(byId -> songs.stream()
                .map(song -> song.albumId() == null ? null : mapper.album(byId.get(song.albumId()))).toList());
    }

    /**
     * Batched: one media-service lookup per distinct media id in the response, in parallel, cached briefly. Signed
     * URLs are media-service's to issue, so this asks rather than builds them.
     */
    @Description("Where media-service serves the audio (signed when signing is on); null when the song has no audio "
                 + "yet, or media-service cannot be asked right now.")
    public Uni<List<String>> streamUrl(@Source List<Song> songs) {
        List<String> mediaIds = songs.stream().map(Song::mediaId).filter(Objects::nonNull).toList();
        return media.streamUrls(mediaIds).map(urls -> songs.stream()
                .map(song -> song.mediaId() == null ? null : urls.get(song.mediaId())).toList());
    }

    @Mutation
    @NonNull
    @Description("Creates a song of an artist, optionally on an album. A song belongs to its artist: an artist-role "
                 + "user creates songs only under an artist it owns, and on albums of an artist it owns (FORBIDDEN "
                 + "otherwise); curators and admins anywhere.")
    @RequiresRole({Roles.ARTIST, Roles.CURATOR, Roles.ADMIN})
    @RequiresScopes(scopes = {@ScopeGroup(@ScopeItem(Roles.ARTIST)), @ScopeGroup(@ScopeItem(Roles.CURATOR)),
        @ScopeGroup(@ScopeItem(Roles.ADMIN))})
    public Uni<Song> createSong(@NonNull SongInput input) {
        return catalog.createSong(input, CatalogEditor.current()).map(mapper::song);
    }

    @Mutation
    @NonNull
    @Description("Replaces a song's fields. An artist-role user edits only songs of an artist it owns, and moves them "
                 + "only to an artist and album it owns (FORBIDDEN otherwise, and nothing changes); curators and "
                 + "admins edit every song.")
    @RequiresRole({Roles.ARTIST, Roles.CURATOR, Roles.ADMIN})
    @RequiresScopes(scopes = {@ScopeGroup(@ScopeItem(Roles.ARTIST)), @ScopeGroup(@ScopeItem(Roles.CURATOR)),
        @ScopeGroup(@ScopeItem(Roles.ADMIN))})
    public Uni<Song> updateSong(@Id @NonNull String id, @NonNull SongInput input) {
        return catalog.updateSong(id, input, CatalogEditor.current()).map(mapper::song);
    }

    @Mutation
    @Id
    @NonNull
    @Description("Deletes a song (and its items in every playlist); returns its id. An artist-role user deletes only "
                 + "songs of an artist it owns (FORBIDDEN otherwise); curators and admins any.")
    @RequiresRole({Roles.ARTIST, Roles.CURATOR, Roles.ADMIN})
    @RequiresScopes(scopes = {@ScopeGroup(@ScopeItem(Roles.ARTIST)), @ScopeGroup(@ScopeItem(Roles.CURATOR)),
        @ScopeGroup(@ScopeItem(Roles.ADMIN))})
    public Uni<String> deleteSong(@Id @NonNull String id) {
        return catalog.deleteSong(id, CatalogEditor.current());
    }

    static Cursor cursor(SongDocument document) {
        return new Cursor(SearchKeys.sortKey(document.title()), document.id());
    }
}
