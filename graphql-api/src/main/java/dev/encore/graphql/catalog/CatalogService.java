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
import java.util.function.Function;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import dev.encore.graphql.cache.CatalogCache;
import dev.encore.graphql.error.ApiException;
import dev.encore.graphql.events.CatalogEventPublisher;
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
 * event. Authorization is not here but on the API operations ({@code @RequiresRole}).
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

    public Uni<ArtistDocument> createArtist(ArtistInput input) {
        Instant now = now();
        ArtistDocument document = artist(new ObjectId().toHexString(), input, now, now);
        return artists.insert(document.toBson()).chain(done -> created(EntityType.ARTIST, document.id(), document));
    }

    public Uni<ArtistDocument> updateArtist(String id, ArtistInput input) {
        ArtistDocument probe = artist(id, input, now(), now()); // validates before any read
        return artists.findById(id).chain(existing -> {
            if (existing == null) {
                return Uni.createFrom().failure(notFound("artist", id));
            }
            ArtistDocument document = new ArtistDocument(id, probe.name(), probe.genres(), existing.createdAt(),
                    probe.updatedAt());
            return artists.replace(document.toBson()).chain(found -> updated(found, ARTIST, EntityType.ARTIST, id,
                    document));
        });
    }

    public Uni<String> deleteArtist(String id) {
        return artists.findById(id).chain(existing -> {
            if (existing == null) {
                return Uni.createFrom().failure(notFound("artist", id));
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

    public Uni<AlbumDocument> createAlbum(AlbumInput input) {
        Instant now = now();
        AlbumDocument document = album(new ObjectId().toHexString(), input, now, now);
        return requireArtist(document.artistId())
                .chain(() -> albums.insert(document.toBson()))
                .chain(done -> created(EntityType.ALBUM, document.id(), document));
    }

    public Uni<AlbumDocument> updateAlbum(String id, AlbumInput input) {
        AlbumDocument probe = album(id, input, now(), now());
        return albums.findById(id).chain(existing -> {
            if (existing == null) {
                return Uni.createFrom().failure(notFound("album", id));
            }
            AlbumDocument document = new AlbumDocument(id, probe.title(), probe.artistId(), probe.releaseDate(),
                    probe.genres(), existing.createdAt(), probe.updatedAt());
            return requireArtist(document.artistId())
                    .chain(() -> albums.replace(document.toBson()))
                    .chain(found -> updated(found, ALBUM, EntityType.ALBUM, id, document));
        });
    }

    public Uni<String> deleteAlbum(String id) {
        return albums.findById(id).chain(existing -> {
            if (existing == null) {
                return Uni.createFrom().failure(notFound("album", id));
            }
            return songs.countByAlbum(id).chain(count -> {
                if (count > 0) {
                    return Uni.createFrom().failure(ApiException.conflict(
                            "The album still has " + count + " song(s); delete or move those first."));
                }
                return albums.delete(id).chain(deleted -> removed(deleted, ALBUM, EntityType.ALBUM, id));
            });
        });
    }

    public Uni<SongDocument> createSong(SongInput input) {
        Instant now = now();
        SongDocument document = song(new ObjectId().toHexString(), input, now, now);
        return requireArtist(document.artistId())
                .chain(() -> requireAlbum(document.albumId()))
                .chain(() -> songs.insert(document.toBson()))
                .onFailure(CatalogService::isDuplicateKey).transform(e -> duplicateIsrc(document.isrc()))
                .chain(done -> created(EntityType.SONG, document.id(), document));
    }

    public Uni<SongDocument> updateSong(String id, SongInput input) {
        SongDocument probe = song(id, input, now(), now());
        return songs.findById(id).chain(existing -> {
            if (existing == null) {
                return Uni.createFrom().failure(notFound("song", id));
            }
            SongDocument document = new SongDocument(id, probe.title(), probe.artistId(), probe.albumId(),
                    probe.trackNumber(), probe.durationMs(), probe.isrc(), probe.mediaId(), probe.genres(),
                    existing.createdAt(), probe.updatedAt());
            return requireArtist(document.artistId())
                    .chain(() -> requireAlbum(document.albumId()))
                    .chain(() -> songs.replace(document.toBson()))
                    .onFailure(CatalogService::isDuplicateKey).transform(e -> duplicateIsrc(document.isrc()))
                    .chain(found -> updated(found, SONG, EntityType.SONG, id, document));
        });
    }

    public Uni<String> deleteSong(String id) {
        return songs.delete(id).chain(deleted -> {
            if (!deleted) {
                return Uni.createFrom().failure(notFound("song", id));
            }
            songDeleted.fireAsync(new SongDeleted(id));
            return removed(true, SONG, EntityType.SONG, id);
        });
    }

    // ---- helpers ----

    private ArtistDocument artist(String id, ArtistInput input, Instant createdAt, Instant updatedAt) {
        return new ArtistDocument(id, CatalogValidation.name("input.name", input.name()),
                CatalogValidation.genres("input.genres", input.genres()), createdAt, updatedAt);
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

    private Uni<Void> requireArtist(String artistId) {
        return artists.findById(artistId).chain(artist -> artist != null ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ApiException.badInput("input.artistId", "There is no artist " + artistId + ".")));
    }

    private Uni<Void> requireAlbum(String albumId) {
        if (albumId == null) {
            return Uni.createFrom().voidItem();
        }
        return albums.findById(albumId).chain(album -> album != null ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ApiException.badInput("input.albumId", "There is no album " + albumId + ".")));
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
