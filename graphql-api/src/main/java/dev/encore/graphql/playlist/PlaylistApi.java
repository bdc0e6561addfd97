package dev.encore.graphql.playlist;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.encore.graphql.catalog.Song;
import dev.encore.graphql.catalog.SongLookup;
import dev.encore.graphql.error.ApiException;
import dev.encore.graphql.playlist.PlaylistDocument.ItemDocument;
import dev.encore.graphql.relay.Cursor;
import dev.encore.graphql.relay.PageInfo;
import dev.encore.graphql.relay.PageRequest;
import dev.encore.graphql.security.Caller;
import dev.encore.graphql.security.Callers;
import dev.encore.graphql.security.RequiresRole;
import dev.encore.graphql.subscription.BatchedFields;
import dev.encore.graphql.subscription.SubscriptionHub;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.graphql.api.federation.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.graphql.api.federation.Resolver;
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

/** Playlists: reads, edits (owner or admin), items as a connection, songs in batches, and {@code playlistUpdated}. */
@GraphQLApi
@ApplicationScoped
public class PlaylistApi {

    static final java.time.Duration CHECK_TIMEOUT = java.time.Duration.ofSeconds(5);

    @Inject
    PlaylistService playlists;

    @Inject
    SongLookup songs;

    @Inject
    SubscriptionHub hub;

    @Inject
    PlaylistResync resync;

    @Query
    @Description("The playlist with this id, or null when there is none or it is private to someone else.")
    public Uni<Playlist> playlist(@Id @NonNull String id) {
        return playlists.readable(id, Callers.current()).map(Playlist::of);
    }

    /**
     * Federation: every {@code Playlist} representation of one {@code _entities} call in one query, in their order,
     * null where {@code playlist(id)} is null (unknown, or private to someone else). See the federation package.
     */
    @Resolver
    public Uni<List<Playlist>> playlistEntities(@Name("id") List<String> ids) {
        Caller caller = Callers.current();
        return playlists.readable(ids, caller).map(byId -> ids.stream().map(id -> Playlist.of(byId.get(id))).toList());
    }

    @Query
    @NonNull
    @RequiresRole
    @Authenticated
    @Description("The caller's playlists, oldest first (first: at most 100, default 20).")
    public Uni<PlaylistConnection> myPlaylists(Integer first, String after) {
        Caller caller = Callers.require();
        PageRequest request = PageRequest.of(first, after);
        String afterId = request.after() == null ? null : request.after().id();
        return playlists.ofOwner(caller.userId(), afterId, request.first() + 1).chain(found ->
                playlists.countOfOwner(caller.userId()).map(count -> {
                    boolean more = found.size() > request.first();
                    List<PlaylistDocument> page = more ? found.subList(0, request.first()) : found;
                    List<PlaylistEdge> edges = page.stream()
                            .map(doc -> new PlaylistEdge(new Cursor("", doc.id()).encode(), Playlist.of(doc))).toList();
                    return new PlaylistConnection(edges, PageInfo.of(edges.stream().map(PlaylistEdge::cursor).toList(),
                            more), count.intValue());
                }));
    }

    @Query
    @Description("The signed-in caller, or null when anonymous.")
    public User me() {
        Caller caller = Callers.current();
        return caller.authenticated() ? new User(caller.userId()) : null;
    }

    @Description("The items in play order, a page at a time (first: at most 100, default 20).")
    @NonNull
    public PlaylistItemConnection items(@Source Playlist playlist, Integer first, String after) {
        PageRequest request = PageRequest.of(first, after);
        List<ItemDocument> all = playlist.entries();
        int start = 0;
        if (request.after() != null) {
            // The item id places the page even after moves; the position is the fallback if the item is gone.
            int index = indexOf(all, request.after().id());
            start = index >= 0 ? index + 1 : request.after().position() + 1;
        }
        int end = Math.min(all.size(), start + request.first());
        List<PlaylistItemEdge> edges = new ArrayList<>();
        for (int i = start; i < end; i++) {
            ItemDocument item = all.get(i);
            edges.add(new PlaylistItemEdge(new Cursor(Integer.toString(i), item.id()).encode(),
                    new PlaylistItem(item.id(), i, item.addedAt(), item.songId())));
        }
        return new PlaylistItemConnection(edges, PageInfo.of(edges.stream().map(PlaylistItemEdge::cursor).toList(),
                end < all.size()), all.size());
    }

    /** Batched: every item's song in the response in one catalog lookup (cache first, then one query). */
    @NonNull
    public Uni<List<@NonNull Song>> song(@Source List<PlaylistItem> items) {
        return songs.inOrder(items.stream().map(PlaylistItem::songId).toList());
    }

    @Mutation
    @NonNull
    @RequiresRole
    @Authenticated
    @Description("Creates a playlist owned by the caller (private unless input.public is true).")
    public Uni<Playlist> createPlaylist(@NonNull PlaylistInput input) {
        return playlists.create(input, Callers.current()).map(Playlist::of);
    }

    @Mutation
    @NonNull
    @RequiresRole
    @Authenticated
    @Description("Sets name, description and visibility (owner or admin).")
    public Uni<Playlist> updatePlaylist(@Id @NonNull String id, @NonNull PlaylistInput input, String expectedVersion) {
        return playlists.update(id, input, expectedVersion, Callers.current()).map(Playlist::of);
    }

    @Mutation
    @Id
    @NonNull
    @RequiresRole
    @Authenticated
    @Description("Deletes a playlist (owner or admin); returns its id.")
    public Uni<String> deletePlaylist(@Id @NonNull String id, String expectedVersion) {
        return playlists.delete(id, expectedVersion, Callers.current());
    }

    @Mutation
    @NonNull
    @RequiresRole
    @Authenticated
    @Description("Adds a song at a 0-based position (appends when position is null). The same song may be added "
                 + "more than once; each item has its own id.")
    public Uni<Playlist> addSongToPlaylist(@Id @NonNull String playlistId, @Id @NonNull String songId, Integer position,
                                           String expectedVersion) {
        return playlists.addSong(playlistId, songId, position, expectedVersion, Callers.current()).map(Playlist::of);
    }

    @Mutation
    @NonNull
    @RequiresRole
    @Authenticated
    @Description("Removes one item (by item id, not song id).")
    public Uni<Playlist> removeSongFromPlaylist(@Id @NonNull String playlistId, @Id @NonNull String itemId,
                                                String expectedVersion) {
        return playlists.removeSong(playlistId, itemId, expectedVersion, Callers.current()).map(Playlist::of);
    }

    @Mutation
    @NonNull
    @RequiresRole
    @Authenticated
    @Description("Moves an item to a 0-based position; the items between shift by one.")
    public Uni<Playlist> moveSongInPlaylist(@Id @NonNull String playlistId, @Id @NonNull String itemId,
                                            @NonNull int toPosition, String expectedVersion) {
        return playlists.moveSong(playlistId, itemId, toPosition, expectedVersion, Callers.current())
                .map(Playlist::of);
    }

    @Subscription
    @NonNull
    @Description("Every change of the playlist from now on, with the playlist after it and its version, on any "
                 + "replica. A private playlist's updates go to its owner (and admins) only.")
    public Multi<PlaylistUpdate> playlistUpdated(@Id @NonNull String playlistId) {
        Caller caller = Callers.current();
        // Registered before the read, so a change between the read and the transport's subscribe still comes.
        return hub.subscribe(PlaylistResync.key(playlistId), false, registration -> {
            // Checked before the stream exists (blocking, on the WebSocket's virtual thread), so an unknown or
            // unreadable playlist is an error answer to the subscribe, not a stream that fails later or never speaks.
            PlaylistDocument playlist = playlists.readable(playlistId, caller).await().atMost(CHECK_TIMEOUT);
            if (playlist == null) {
                throw ApiException.notFound("There is no playlist " + playlistId + " you may read.");
            }
            AtomicReference<PlaylistDocument> last = new AtomicReference<>(playlist);
            return BatchedFields.dispatched(resync.follow(registration, playlist)
                    .filter(change -> {
                        PlaylistDocument after = change.playlist() != null ? change.playlist() : last.get();
                        last.set(after);
                        return PlaylistService.canRead(after, caller);
                    }).map(change -> new PlaylistUpdate(playlistId, change.kind(), Playlist.of(last.get()))));
        });
    }

    private static int indexOf(List<ItemDocument> items, String itemId) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).id().equals(itemId)) {
                return i;
            }
        }
        return -1;
    }
}
