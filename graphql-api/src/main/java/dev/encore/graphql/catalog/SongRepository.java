package dev.encore.graphql.catalog;

import java.util.Collection;
import java.util.List;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.encore.support.mongo.MongoReactive;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The {@code songs} collection. */
@ApplicationScoped
public class SongRepository extends CatalogRepository<SongDocument> {

    @Inject
    MongoDatabase database;

    @PostConstruct
    void init() {
        bind(database.getCollection("songs"), SongDocument::fromBson);
    }

    Uni<Void> ensureIndexes() {
        return ensureCommonIndexes()
                .chain(() -> index(Indexes.ascending("albumId", "trackNumber", "_id"),
                        new IndexOptions().name("album_track")))
                .chain(() -> index(Indexes.ascending("artistId"), new IndexOptions().name("artist")))
                .chain(() -> index(Indexes.ascending("isrc"),
                        new IndexOptions().name("isrc_unique").unique(true).sparse(true)));
    }

    /** The songs of all these albums in one query, in track order. */
    public Uni<List<SongDocument>> findByAlbumIds(Collection<String> albumIds) {
        return list(collection().find(Filters.in("albumId", List.copyOf(albumIds)))
                .sort(Sorts.ascending("albumId", "trackNumber", "_id")));
    }

    public Uni<Long> countByArtist(String artistId) {
        return MongoReactive.first(collection().countDocuments(Filters.eq("artistId", artistId)));
    }

    public Uni<Long> countByAlbum(String albumId) {
        return MongoReactive.first(collection().countDocuments(Filters.eq("albumId", albumId)));
    }
}
