package dev.encore.graphql.playlist;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.encore.graphql.catalog.CatalogService;
import dev.encore.graphql.catalog.CatalogService.SongDeleted;
import dev.encore.graphql.error.ApiException;
import dev.encore.graphql.error.ErrorCode;
import dev.encore.graphql.publishing.GraphqlEvents;
import dev.encore.graphql.playlist.PlaylistDocument.ItemDocument;
import dev.encore.graphql.security.Caller;
import dev.encore.graphql.security.Roles;
import dev.encore.support.events.PlaylistEvent;
import dev.encore.support.events.Topics;
import dev.encore.support.mongo.Indexes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import org.bson.types.ObjectId;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Playlist rules: who may read and edit, validation, and edits as atomic conditional updates.
 *
 * <p>An insert or a removal is one update that needs no prior read of the list (MongoDB's {@code $push} with
 * {@code $position}, {@code $pull} by item id), so concurrent writers all land. A move needs the current order, so
 * it reads, computes, and writes conditioned on the revision it read, retrying a lost race (unless the client pinned
 * {@code expectedVersion}, in which case a lost race is its {@code CONFLICT}). When an update matches nothing, the
 * playlist is read once more to tell the client why.
 *
 * <p>Deleting a song from the catalog removes its items from every playlist (each such playlist gets a new version
 * and a {@code REMOVED} event), so {@code PlaylistItem.song} is never dangling.
 */
@ApplicationScoped
public class PlaylistService {

    private static final System.Logger LOG = System.getLogger(PlaylistService.class.getName());
    private static final int MAX_RETRIES = 20;

    @Inject
    PlaylistRepository playlists;

    @Inject
    CatalogService catalog;

    @Inject
    GraphqlEvents events;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "playlists.max-items")
    int maxItems;

    void createIndexes(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        Indexes.ensureAtStartup("playlist", playlists::ensureIndexes);
    }

    // ---- reads ----

    /** The playlist if {@code caller} may read it; {@code null} when it does not exist or is private to another. */
    public Uni<PlaylistDocument> readable(String id, Caller caller) {
        return playlists.findById(id).map(playlist -> playlist != null && canRead(playlist, caller) ? playlist : null);
    }

    /** The playlists {@code caller} may read among these ids, by id, in one query; the others are absent. */
    public Uni<Map<String, PlaylistDocument>> readable(Collection<String> ids, Caller caller) {
        return playlists.findByIds(ids).map(found -> {
            Map<String, PlaylistDocument> byId = new HashMap<>();
            found.stream().filter(playlist -> canRead(playlist, caller))
                    .forEach(playlist -> byId.put(playlist.id(), playlist));
            return byId;
        });
    }

    public static boolean canRead(PlaylistDocument playlist, Caller caller) {
        return playlist.isPublic() || canEdit(playlist, caller);
    }

    public static boolean canEdit(PlaylistDocument playlist, Caller caller) {
        return caller.authenticated()
               && (playlist.ownerId().equals(caller.userId()) || caller.hasAnyRole(Roles.ADMIN));
    }

    public Uni<List<PlaylistDocument>> ofOwner(String ownerId, String afterId, int limit) {
        return playlists.findByOwner(ownerId, afterId, limit);
    }

    public Uni<Long> countOfOwner(String ownerId) {
        return playlists.countByOwner(ownerId);
    }

    // ---- writes ----

    public Uni<PlaylistDocument> create(PlaylistInput input, Caller caller) {
        Instant now = clock.instant();
        PlaylistDocument playlist = new PlaylistDocument(new ObjectId().toHexString(), name(input.name()),
                description(input.description()), Boolean.TRUE.equals(input.isPublic()), caller.userId(), 1,
                List.of(), 0, 0, now, now);
        return playlists.insert(playlist).replaceWith(playlist)
                .invoke(created -> publish(PlaylistEvent.Kind.UPDATED, created));
    }

    public Uni<PlaylistDocument> update(String id, PlaylistInput input, String expectedVersion, Caller caller) {
        String name = name(input.name());
        String description = description(input.description());
        Long expected = expected(expectedVersion);
        return editable(id, caller).chain(current -> playlists.updateFields(id, expected, name, description,
                        Boolean.TRUE.equals(input.isPublic()), clock.instant()))
                .chain(updated -> updated != null ? Uni.createFrom().item(updated) : explain(id, expected, null))
                .invoke(updated -> publish(PlaylistEvent.Kind.UPDATED, updated));
    }

    public Uni<String> delete(String id, String expectedVersion, Caller caller) {
        Long expected = expected(expectedVersion);
        return editable(id, caller).chain(current -> playlists.delete(id, expected).chain(deleted -> {
            if (!deleted) {
                return explain(id, expected, null).replaceWith(id);
            }
            publish(PlaylistEvent.Kind.DELETED, new PlaylistDocument(current.id(), current.name(),
                    current.description(), current.isPublic(), current.ownerId(), current.rev() + 1, List.of(), 0, 0,
                    current.createdAt(), clock.instant()));
            return Uni.createFrom().item(id);
        }));
    }

    public Uni<PlaylistDocument> addSong(String id, String songId, Integer position, String expectedVersion,
                                         Caller caller) {
        Long expected = expected(expectedVersion);
        if (position != null && position < 0) {
            throw ApiException.badInput("position", "position is a 0-based index; it cannot be " + position + ".");
        }
        return editable(id, caller).chain(current -> catalog.song(songId)).chain(song -> {
            if (song == null) {
                return Uni.createFrom().failure(ApiException.notFound("There is no song " + songId + "."));
            }
            ItemDocument item = new ItemDocument(new ObjectId().toHexString(), song.id(), song.durationMs(),
                    clock.instant());
            return playlists.insertItem(id, expected, item, position, maxItems, clock.instant())
                    .chain(updated -> updated != null ? Uni.createFrom().item(updated)
                            : explain(id, expected, current -> {
                                if (current.itemCount() >= maxItems) {
                                    return ApiException.badInput("songId", "A playlist holds at most " + maxItems
                                            + " items; this one is full.");
                                }
                                if (position != null && position > current.itemCount()) {
                                    return outOfRange("position", position, current.itemCount());
                                }
                                return null;
                            }));
        }).invoke(updated -> publish(PlaylistEvent.Kind.ADDED, updated));
    }

    public Uni<PlaylistDocument> removeSong(String id, String itemId, String expectedVersion, Caller caller) {
        Long expected = expected(expectedVersion);
        return editable(id, caller).chain(current -> {
            int index = current.indexOf(itemId);
            if (index < 0) {
                return Uni.createFrom().failure(noItem(id, itemId));
            }
            return playlists.removeItem(id, expected, current.items().get(index), clock.instant())
                    .chain(updated -> updated != null ? Uni.createFrom().item(updated)
                            : explain(id, expected, now -> now.indexOf(itemId) < 0 ? noItem(id, itemId) : null));
        }).invoke(updated -> publish(PlaylistEvent.Kind.REMOVED, updated));
    }

    public Uni<PlaylistDocument> moveSong(String id, String itemId, int toPosition, String expectedVersion,
                                          Caller caller) {
        Long expected = expected(expectedVersion);
        return editable(id, caller).chain(current -> move(current, itemId, toPosition, expected, 0))
                .invoke(updated -> publish(PlaylistEvent.Kind.MOVED, updated));
    }

    private Uni<PlaylistDocument> move(PlaylistDocument current, String itemId, int toPosition, Long expected,
                                       int attempt) {
        if (expected != null && current.rev() != expected) {
            return Uni.createFrom().failure(stale(current));
        }
        int from = current.indexOf(itemId);
        if (from < 0) {
            return Uni.createFrom().failure(noItem(current.id(), itemId));
        }
        if (toPosition < 0 || toPosition >= current.items().size()) {
            return Uni.createFrom().failure(outOfRange("toPosition", toPosition, current.items().size() - 1));
        }
        List<ItemDocument> items = new ArrayList<>(current.items());
        items.add(toPosition, items.remove(from));
        return playlists.replaceItems(current.id(), current.rev(), items, clock.instant()).chain(updated -> {
            if (updated != null) {
                return Uni.createFrom().item(updated);
            }
            if (expected != null || attempt >= MAX_RETRIES) {
                return explain(current.id(), expected, null);
            }
            return playlists.findById(current.id()).chain(fresh -> fresh == null
                    ? Uni.createFrom().failure(notFound(current.id()))
                    : move(fresh, itemId, toPosition, null, attempt + 1));
        });
    }

    /** Drops a deleted song's items from every playlist, each with a conditional write retried on a lost race. */
    void songDeleted(@ObservesAsync SongDeleted deleted) {
        playlists.findContainingSong(deleted.songId()).subscribe().with(found -> found.forEach(playlist ->
                purge(playlist, deleted.songId(), 0).subscribe().with(
                        updated -> {
                            if (updated != null) {
                                publish(PlaylistEvent.Kind.REMOVED, updated);
                            }
                        },
                        failure -> LOG.log(Level.WARNING, "Could not drop song " + deleted.songId() + " from "
                                                          + playlist.id() + ": " + failure))));
    }

    private Uni<PlaylistDocument> purge(PlaylistDocument playlist, String songId, int attempt) {
        List<ItemDocument> kept = playlist.items().stream().filter(item -> !item.songId().equals(songId)).toList();
        if (kept.size() == playlist.items().size()) {
            return Uni.createFrom().nullItem();
        }
        return playlists.replaceItems(playlist.id(), playlist.rev(), kept, clock.instant()).chain(updated ->
                updated != null || attempt >= MAX_RETRIES ? Uni.createFrom().item(updated)
                        : playlists.findById(playlist.id()).chain(fresh -> fresh == null ? Uni.createFrom().nullItem()
                                : purge(fresh, songId, attempt + 1)));
    }

    // ---- helpers ----

    private Uni<PlaylistDocument> editable(String id, Caller caller) {
        return playlists.findById(id).map(playlist -> {
            if (playlist == null) {
                throw notFound(id);
            }
            if (!canEdit(playlist, caller)) {
                throw new ApiException(ErrorCode.FORBIDDEN, "Only the playlist's owner or an admin may edit it.");
            }
            return playlist;
        });
    }

    /** Why a conditional update matched nothing: gone, stale version, or what {@code specific} finds. */
    private Uni<PlaylistDocument> explain(String id, Long expected, Function<PlaylistDocument, ApiException> specific) {
        return playlists.findById(id).chain(current -> {
            if (current == null) {
                return Uni.createFrom().failure(notFound(id));
            }
            if (expected != null && current.rev() != expected) {
                return Uni.createFrom().failure(stale(current));
            }
            ApiException reason = specific == null ? null : specific.apply(current);
            return Uni.createFrom().failure(reason != null ? reason
                    : ApiException.conflict("The playlist changed while this edit ran; try again."));
        });
    }

    private void publish(PlaylistEvent.Kind kind, PlaylistDocument playlist) {
        events.publish(Topics.PLAYLIST_EVENTS, playlist.id(), new PlaylistEvent(kind, playlist.id(),
                playlist.ownerId(), playlist.isPublic(), playlist.version(), clock.instant()));
    }

    private static Long expected(String expectedVersion) {
        if (expectedVersion == null) {
            return null;
        }
        try {
            return Long.parseLong(expectedVersion);
        } catch (NumberFormatException e) {
            throw ApiException.badInput("expectedVersion", "expectedVersion must be a version this API returned.");
        }
    }

    private static String name(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw ApiException.badInput("input.name", "input.name must be 1 to 200 characters.");
        }
        return trimmed;
    }

    private static String description(String description) {
        if (description != null && description.length() > 2000) {
            throw ApiException.badInput("input.description", "input.description must be at most 2000 characters.");
        }
        return description == null || description.isBlank() ? null : description.strip();
    }

    private static ApiException stale(PlaylistDocument current) {
        return ApiException.conflict("The playlist is at version " + current.version()
                                     + ", not the expectedVersion given; nothing was changed.");
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("There is no playlist " + id + ".");
    }

    private static ApiException noItem(String id, String itemId) {
        return ApiException.notFound("Playlist " + id + " has no item " + itemId + ".");
    }

    private static ApiException outOfRange(String field, int position, int max) {
        return ApiException.badInput(field, field + " must be between 0 and " + Math.max(max, 0) + "; it was "
                                            + position + ".");
    }
}
