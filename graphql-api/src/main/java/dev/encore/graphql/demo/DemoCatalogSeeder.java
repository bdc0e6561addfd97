package dev.encore.graphql.demo;

import java.lang.System.Logger.Level;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import com.mongodb.MongoWriteException;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.encore.graphql.catalog.AlbumInput;
import dev.encore.graphql.catalog.ArtistInput;
import dev.encore.graphql.catalog.CatalogEditor;
import dev.encore.graphql.catalog.CatalogService;
import dev.encore.graphql.catalog.SongInput;
import dev.encore.support.mongo.MongoReactive;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gives an empty local catalog a few artists, albums and songs, so GraphiQL shows something on first open. On by
 * default only when {@code ENCORE_PROFILE=local} (what the local launcher sets); {@code DEMO_SEED_ENABLED} forces it
 * either way. A marker document with a fixed id makes it happen once, even with two replicas starting together.
 */
@ApplicationScoped
public class DemoCatalogSeeder {

    private static final System.Logger LOG = System.getLogger(DemoCatalogSeeder.class.getName());

    @Inject
    CatalogService catalog;

    @Inject
    MongoDatabase database;

    @Inject
    @ConfigProperty(name = "demo.seed.enabled")
    Optional<Boolean> enabled;

    @Inject
    @ConfigProperty(name = "encore.profile")
    Optional<String> profile;

    private record DemoSong(String title, int track, int seconds) {
    }

    private record DemoAlbum(String title, LocalDate released, List<String> genres, List<DemoSong> songs) {
    }

    private record DemoArtist(String name, List<String> genres, List<DemoAlbum> albums) {
    }

    private static final List<DemoArtist> CATALOG = List.of(
            new DemoArtist("Beyoncé", List.of("R&B", "Pop"), List.of(
                    new DemoAlbum("Lemonade", LocalDate.of(2016, 4, 23), List.of("R&B"), List.of(
                            new DemoSong("Pray You Catch Me", 1, 196), new DemoSong("Hold Up", 2, 221),
                            new DemoSong("Formation", 12, 206))))),
            new DemoArtist("Pink Floyd", List.of("Progressive Rock"), List.of(
                    new DemoAlbum("The Dark Side of the Moon", LocalDate.of(1973, 3, 1), List.of("Progressive Rock"),
                            List.of(new DemoSong("Speak to Me", 1, 65), new DemoSong("Breathe", 2, 169),
                                    new DemoSong("Time", 4, 413), new DemoSong("Money", 6, 382))))),
            new DemoArtist("Nina Simone", List.of("Jazz", "Soul"), List.of(
                    new DemoAlbum("Pastel Blues", LocalDate.of(1965, 10, 1), List.of("Jazz", "Blues"), List.of(
                            new DemoSong("Be My Husband", 1, 173), new DemoSong("Trouble in Mind", 5, 280),
                            new DemoSong("Sinnerman", 9, 622))))),
            new DemoArtist("Sigur Rós", List.of("Post-Rock"), List.of(
                    new DemoAlbum("Ágætis byrjun", LocalDate.of(1999, 6, 12), List.of("Post-Rock"), List.of(
                            new DemoSong("Svefn-g-englar", 2, 604), new DemoSong("Starálfur", 3, 407))))));

    void seed(@ObservesAsync CatalogService.CatalogReady ready) {
        if (!enabled.orElse(profile.filter("local"::equalsIgnoreCase).isPresent())) {
            return;
        }
        MongoReactive.first(database.getCollection("artists").countDocuments()).map(count -> count == 0)
                .chain(empty -> empty ? claim() : Uni.createFrom().item(false))
                .chain(claimed -> claimed ? insertAll().replaceWith(true) : Uni.createFrom().item(false))
                .subscribe().with(
                        seeded -> {
                            if (seeded) {
                                LOG.log(Level.INFO, "Seeded the empty catalog with demo artists, albums and songs.");
                            }
                        },
                        failure -> LOG.log(Level.WARNING, "Demo catalog not seeded: " + failure));
    }

    /** Inserts the marker; only the replica whose insert succeeds seeds. */
    private Uni<Boolean> claim() {
        return MongoReactive.first(database.getCollection("meta").insertOne(new Document("_id", "demo-catalog-seed")))
                .replaceWith(true)
                .onFailure(MongoWriteException.class).recoverWithItem(false);
    }

    private Uni<Void> insertAll() {
        return Multi.createFrom().iterable(CATALOG).onItem().transformToUniAndConcatenate(artist ->
                catalog.createArtist(new ArtistInput(artist.name(), artist.genres()), CatalogEditor.SEEDER).chain(created ->
                        Multi.createFrom().iterable(artist.albums()).onItem().transformToUniAndConcatenate(album ->
                                catalog.createAlbum(new AlbumInput(album.title(), created.id(), album.released(),
                                        album.genres()), CatalogEditor.SEEDER).chain(createdAlbum ->
                                        Multi.createFrom().iterable(album.songs()).onItem()
                                                .transformToUniAndConcatenate(song -> catalog.createSong(
                                                        new SongInput(song.title(), created.id(), createdAlbum.id(),
                                                                song.seconds() * 1000, song.track(), album.genres(),
                                                                null, null), CatalogEditor.SEEDER))
                                                .collect().last()))
                                .collect().last()))
                .collect().last().replaceWithVoid();
    }
}
