package dev.encore.graphql.catalog;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import dev.encore.graphql.cache.CatalogCache;
import dev.encore.graphql.error.ApiException;
import dev.encore.graphql.error.ErrorCode;
import dev.encore.graphql.publishing.CatalogEventPublisher;
import dev.encore.graphql.relay.Page;
import dev.encore.graphql.relay.PageRequest;
import dev.encore.support.events.CatalogEvent.EntityType;
import dev.encore.support.events.CatalogEvent.Kind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.bson.types.ObjectId;

/**
 * The catalog's rules: reads through the cache, validated writes that evict what they changed and publish a catalog
 * event, and who may write what: every write takes the {@link CatalogEditor} making it and enforces ownership here
 * (the API's {@code @RequiresRole} only checks the role), reading owners from MongoDB, never from the cache.
 *
 * <p>Deleting an artist that still has albums or songs, or an album that still has songs, is refused with
 * {@code CONFLICT} rather than cascading: a catalog delete is rare, and silently removing a discography (and, later,
 * the playlist entries pointing at it) is worse than asking the curator to delete from the leaves up.
 */
@ApplicationScoped
public class CatalogService {

    private static final System.Logger LOG = System.getLogger(CatalogService.class.getName());
    static final String ARTIST = "artist";
    static final String ALBUM = "album";
    static final String SONG = "song";
    private static final String CHANGE_UNDER = "add to or change its albums and songs";

    @Inject
    ArtistRepository artists;

    @Inject
    AlbumRepository albums;

    @Inject
    SongRepository songs;

    @Inject
    CatalogCache cache;

    @Inject
    CatalogEventPublisher events;

    @Inject
    Event<CatalogReady> ready;

    @Inject
    Event<SongDeleted> songDeleted;

    private final Clock clock = Clock.systemUTC();

    /** Fired (asynchronously) after a song is deleted, so playlists can drop it. */
    public record SongDeleted(String songId) {
    }

    /** Fired once the catalog's indexes exist (demo seeding waits for it). */
    public record CatalogReady() {
    }

    void createIndexes(@jakarta.enterprise.event.Observes
                       @jakarta.enterprise.context.Initialized(ApplicationScoped.class) Object startup) {
        // Not awaited: MongoDB being down must not stop startup (readiness reports it); retried until it is back.
        artists.ensureIndexes().chain(albums::ensureIndexes).chain(songs::ensureIndexes)
                .onFailure().invoke(e -> LOG.log(Level.WARNING, "Cannot create the catalog indexes yet: " + e))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                .subscribe().with(done -> ready.fireAsync(new CatalogReady()));
    }

    // ---- reads ----

    public Uni<ArtistDocument> artist(String id) {
        return cache.get(ARTIST, id, ArtistDocument.class, () -> artists.findById(id));
    }

    public Uni<AlbumDocument> album(String id) {
        return cache.get(ALBUM, id, AlbumDocument.class, () -> albums.findById(id));
    }

    public Uni<SongDocument> song(String id) {
        return cache.get(SONG, id, SongDocument.class, () -> songs.findById(id));
    }

    public Uni<Map<String, ArtistDocument>> artists(Collection<String> ids) {
        return cache.getAll(ARTIST, ids, ArtistDocument.class,
                missing -> artists.findByIds(missing).map(found -> byId(found, ArtistDocument::id)));
    }

    public Uni<Map<String, AlbumDocument>> albums(Collection<String> ids) {
        return cache.getAll(ALBUM, ids, AlbumDocument.class,
                missing -> albums.findByIds(missing).map(found -> byId(found, AlbumDocument::id)));
    }

    /** Songs by id in one round trip (cache first); ids nobody has are absent from the map. */
    public Uni<Map<String, SongDocument>> songs(Collection<String> ids) {
        return cache.getAll(SONG, ids, SongDocument.class,
                missing -> songs.findByIds(missing).map(found -> byId(found, SongDocument::id)));
    }

    public Uni<Page<ArtistDocument>> artistPage(PageRequest request) {
        return artists.page(request);
    }

    public Uni<Page<AlbumDocument>> albumPage(PageRequest request) {
        return albums.page(request);
    }

    public Uni<Page<SongDocument>> songPage(PageRequest request) {
        return songs.page(request);
    }

    public Uni<Long> artistCount() {
        return artists.count();
    }

    public Uni<Long> albumCount() {
        return albums.count();
    }

    public Uni<Long> songCount() {
        return songs.count();
    }

    /** Each artist's albums, oldest release first; one query for all of them. */
    public Uni<Map<String, List<AlbumDocument>>> albumsOfArtists(Collection<String> artistIds) {
        return albums.findByArtistIds(artistIds).map(found -> groupBy(found, AlbumDocument::artistId));
    }

    /** Each album's songs in track order; one query for all of them. */
    public Uni<Map<String, List<SongDocument>>> songsOfAlbums(Collection<String> albumIds) {
        return songs.findByAlbumIds(albumIds).map(found -> groupBy(found, SongDocument::albumId));
    }

    // ---- writes ----
    // Ownership (see CatalogEditor) is checked before anything is written: a refusal is FORBIDDEN and writes nothing.
    // The artists a write depends on are read in one query, whatever the write. An artist-role editor's album and song
    // writes are also conditioned on the artist that was checked, so an entry a curator moves meanwhile is left alone.

    public Uni<ArtistDocument> createArtist(ArtistInput input, CatalogEditor editor) {
        Instant now = now();
        ArtistDocument document = artist(new ObjectId().toHexString(), input, editor.ownersOfNew(), now, now);
        return artists.insert(document.toBson()).chain(done -> created(EntityType.ARTIST, document.id(), document));
    }

    public Uni<ArtistDocument> updateArtist(String id, ArtistInput input, CatalogEditor editor) {
        ArtistDocument probe = artist(id, input, List.of(), now(), now()); // validates before any read
        return artists.findById(id).chain(existing -> {
            if (existing == null) {
                return Uni.createFrom().failure(notFound("artist", id));
            }
            if (!editor.owns(existing)) {
                return Uni.createFrom().failure(notYours(id, existing, "edit it"));
            }
            ArtistDocument document = new ArtistDocument(id, probe.name(), probe.genres(), existing.ownerIds(),
                    existing.createdAt(), probe.updatedAt());
            return artists.replace(document.toBson()).chain(found -> updated(found, ARTIST, EntityType.ARTIST, id,
                    document));
        });
    }

    public Uni<String> deleteArtist(String id, CatalogEditor editor) {
        return artists.findById(id).chain(existing -> {
            if (existing == null) {
                return Uni.createFrom().failure(notFound("artist", id));
            }
            if (!editor.owns(existing)) {
                return Uni.createFrom().failure(notYours(id, existing, "delete it"));
            }
            return Uni.combine().all().unis(albums.countByArtist(id), songs.countByArtist(id)).asTuple()
                    .chain(counts -> {
                        if (counts.getItem1() > 0 || counts.getItem2() > 0) {
                            return Uni.createFrom().failure(ApiException.conflict("The artist still has "
                                    + counts.getItem1() + " album(s) and " + counts.getItem2()
                                    + " song(s); delete those first."));
                        }
                        return artists.delete(id).chain(deleted -> removed(deleted, ARTIST, EntityType.ARTIST, id));
                    });
        });
    }

    public Uni<AlbumDocument> createAlbum(AlbumInput input, CatalogEditor editor) {
        Instant now = now();
        AlbumDocument document = album(new ObjectId().toHexString(), input, now, now);
        return checkArtists(editor, null, document.artistId(), null)
                .chain(() -> albums.insert(document.toBson()))
                .chain(done -> created(EntityType.ALBUM, document.id(), document));
    }

    public Uni<AlbumDocument> updateAlbum(String id, AlbumInput input, CatalogEditor editor) {
        AlbumDocument probe = album(id, input, now(), now());
        return albums.findById(id).chain(existing -> {
            if (existing == null) {
                return Uni.createFrom().failure(notFound("album", id));
            }
            AlbumDocument document = new AlbumDocument(id, probe.title(), probe.artistId(), probe.releaseDate(),
                    probe.genres(), existing.createdAt(), probe.updatedAt());
            return checkArtists(editor, existing.artistId(), document.artistId(), null)
                    .chain(() -> editor.editsAll() ? albums.replace(document.toBson())
                            : albums.replaceUnderArtist(document.toBson(), existing.artistId()))
                    .chain(found -> updated(found, ALBUM, EntityType.ALBUM, id, document));
        });
    }

    public Uni<String> deleteAlbum(String id, CatalogEditor editor) {
        return albums.findById(id).chain(existing -> {
            if (existing == null) {
                return Uni.createFrom().failure(notFound("album", id));
            }
            return requireOwner(editor, existing.artistId()).chain(() -> songs.countByAlbum(id)).chain(count -> {
                if (count > 0) {
                    return Uni.createFrom().failure(ApiException.conflict(
                            "The album still has " + count + " song(s); delete or move those first."));
                }
                return (editor.editsAll() ? albums.delete(id) : albums.deleteUnderArtist(id, existing.artistId()))
                        .chain(deleted -> removed(deleted, ALBUM, EntityType.ALBUM, id));
            });
        });
    }

    public Uni<SongDocument> createSong(SongInput input, CatalogEditor editor) {
        Instant now = now();
        SongDocument document = song(new ObjectId().toHexString(), input, now, now);
        return requireAlbum(document.albumId())
                .chain(album -> checkArtists(editor, null, document.artistId(), album == null ? null : album.artistId()))
                .chain(() -> songs.insert(document.toBson()))
                .onFailure(CatalogService::isDuplicateKey).transform(e -> duplicateIsrc(document.isrc()))
                .chain(done -> created(EntityType.SONG, document.id(), document));
    }

    public Uni<SongDocument> updateSong(String id, SongInput input, CatalogEditor editor) {
        SongDocument probe = song(id, input, now(), now());
        return songs.findById(id).chain(existing -> {
            if (existing == null) {
                return Uni.createFrom().failure(notFound("song", id));
            }
            SongDocument document = new SongDocument(id, probe.title(), probe.artistId(), probe.albumId(),
                    probe.trackNumber(), probe.durationMs(), probe.isrc(), probe.mediaId(), probe.genres(),
                    existing.createdAt(), probe.updatedAt());
            return requireAlbum(document.albumId())
                    .chain(album -> checkArtists(editor, existing.artistId(), document.artistId(),
                            album == null ? null : album.artistId()))
                    .chain(() -> editor.editsAll() ? songs.replace(document.toBson())
                            : songs.replaceUnderArtist(document.toBson(), existing.artistId()))
                    .onFailure(CatalogService::isDuplicateKey).transform(e -> duplicateIsrc(document.isrc()))
                    .chain(found -> updated(found, SONG, EntityType.SONG, id, document));
        });
    }

    public Uni<String> deleteSong(String id, CatalogEditor editor) {
        Uni<Boolean> delete = editor.editsAll() ? songs.delete(id) : songs.findById(id).chain(existing -> {
            if (existing == null) {
                return Uni.createFrom().item(false);
            }
            return requireOwner(editor, existing.artistId()).chain(() -> songs.deleteUnderArtist(id, existing.artistId()));
        });
        return delete.chain(deleted -> {
            if (!deleted) {
                return Uni.createFrom().failure(notFound("song", id));
            }
            songDeleted.fireAsync(new SongDeleted(id));
            return removed(true, SONG, EntityType.SONG, id);
        });
    }

    // ---- helpers ----

    private ArtistDocument artist(String id, ArtistInput input, List<String> ownerIds, Instant createdAt,
                                  Instant updatedAt) {
        return new ArtistDocument(id, CatalogValidation.name("input.name", input.name()),
                CatalogValidation.genres("input.genres", input.genres()), ownerIds, createdAt, updatedAt);
    }

    private AlbumDocument album(String id, AlbumInput input, Instant createdAt, Instant updatedAt) {
        return new AlbumDocument(id, CatalogValidation.name("input.title", input.title()), input.artistId(),
                input.releaseDate(), CatalogValidation.genres("input.genres", input.genres()), createdAt, updatedAt);
    }

    private SongDocument song(String id, SongInput input, Instant createdAt, Instant updatedAt) {
        return new SongDocument(id, CatalogValidation.name("input.title", input.title()), input.artistId(),
                input.albumId() == null || input.albumId().isBlank() ? null : input.albumId(),
                CatalogValidation.trackNumber("input.trackNumber", input.trackNumber()),
                CatalogValidation.durationMs("input.durationMs", input.durationMs()),
                CatalogValidation.isrc("input.isrc", input.isrc()),
                CatalogValidation.mediaId("input.mediaId", input.mediaId()),
                CatalogValidation.genres("input.genres", input.genres()), createdAt, updatedAt);
    }

    /**
     * Reads, in one query, the artists an album or song write involves, and checks them in this order: the artist
     * the entry is under now ({@code previousId}, null on a create) must be the editor's; the artist it will be under
     * ({@code artistId}) must exist and be the editor's; so must the artist of the album a song goes on
     * ({@code albumArtistId}), so that nobody adds songs to an album they do not own. Curators and admins pass every
     * ownership check.
     */
    private Uni<Void> checkArtists(CatalogEditor editor, String previousId, String artistId, String albumArtistId) {
        List<String> ids = Stream.of(previousId, artistId, albumArtistId).filter(Objects::nonNull).distinct().toList();
        return artists.findByIds(ids).chain(found -> {
            Map<String, ArtistDocument> byId = byId(found, ArtistDocument::id);
            if (previousId != null && !owned(editor, byId.get(previousId))) {
                return Uni.createFrom().failure(notYours(previousId, byId.get(previousId), CHANGE_UNDER));
            }
            ArtistDocument artist = byId.get(artistId);
            if (artist == null) {
                return Uni.createFrom().failure(ApiException.badInput("input.artistId",
                        "There is no artist " + artistId + "."));
            }
            if (!owned(editor, artist)) {
                return Uni.createFrom().failure(notYours(artistId, artist, CHANGE_UNDER));
            }
            if (albumArtistId != null && !owned(editor, byId.get(albumArtistId))) {
                return Uni.createFrom().failure(notYours(albumArtistId, byId.get(albumArtistId), CHANGE_UNDER));
            }
            return Uni.createFrom().voidItem();
        });
    }

    /** Passes when the editor may change what is under the artist {@code artistId} (one read, none for curators). */
    private Uni<Void> requireOwner(CatalogEditor editor, String artistId) {
        if (editor.editsAll()) {
            return Uni.createFrom().voidItem();
        }
        return artists.findById(artistId).chain(artist -> owned(editor, artist) ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(notYours(artistId, artist, CHANGE_UNDER)));
    }

    private static boolean owned(CatalogEditor editor, ArtistDocument artist) {
        return editor.editsAll() || artist != null && editor.owns(artist);
    }

    /** The album a song goes on, or null for none; an album nobody has is the caller's mistake. */
    private Uni<AlbumDocument> requireAlbum(String albumId) {
        if (albumId == null) {
            return Uni.createFrom().nullItem();
        }
        return albums.findById(albumId).chain(album -> album != null ? Uni.createFrom().item(album)
                : Uni.createFrom().failure(ApiException.badInput("input.albumId", "There is no album " + albumId + ".")));
    }

    private static ApiException notYours(String artistId, ArtistDocument artist, String action) {
        String named = artist == null ? artistId : "'" + artist.name() + "' (" + artistId + ")";
        return new ApiException(ErrorCode.FORBIDDEN, "You do not own the artist " + named
                                                     + ": only its owners, curators and admins may " + action + ".");
    }

    private <T> Uni<T> created(EntityType type, String id, T document) {
        return cache.searchesChanged().invoke(() -> events.publish(Kind.CREATED, type, id)).replaceWith(document);
    }

    private <T> Uni<T> updated(boolean found, String kind, EntityType type, String id, T document) {
        if (!found) {
            return Uni.createFrom().failure(notFound(kind, id)); // deleted meanwhile
        }
        return cache.evict(kind, id).invoke(() -> events.publish(Kind.UPDATED, type, id)).replaceWith(document);
    }

    private Uni<String> removed(boolean deleted, String kind, EntityType type, String id) {
        if (!deleted) {
            return Uni.createFrom().failure(notFound(kind, id));
        }
        return cache.evict(kind, id).invoke(() -> events.publish(Kind.DELETED, type, id)).replaceWith(id);
    }

    private static ApiException notFound(String kind, String id) {
        return ApiException.notFound("There is no " + kind + " " + id + ".");
    }

    private static boolean isDuplicateKey(Throwable failure) {
        return failure instanceof MongoWriteException write
               && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    private static ApiException duplicateIsrc(String isrc) {
        return ApiException.badInput("input.isrc", "Another song already has the ISRC " + isrc + ".");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS); // what MongoDB dates keep, so cache and store agree
    }

    private static <T> Map<String, T> byId(List<T> documents, Function<T, String> id) {
        Map<String, T> map = new HashMap<>();
        documents.forEach(document -> map.put(id.apply(document), document));
        return map;
    }

    private static <T> Map<String, List<T>> groupBy(List<T> documents, Function<T, String> key) {
        Map<String, List<T>> groups = new LinkedHashMap<>();
        documents.forEach(document -> groups.computeIfAbsent(key.apply(document), k -> new java.util.ArrayList<>())
                .add(document));
        return groups;
    }
}
