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

/** The {@code albums} collection. */
@ApplicationScoped
public class AlbumRepository extends CatalogRepository<AlbumDocument> {

    @Inject
    MongoDatabase database;

    @PostConstruct
    void init() {
        bind(database.getCollection("albums"), AlbumDocument::fromBson);
    }

    Uni<Void> ensureIndexes() {
        return ensureCommonIndexes().chain(() -> index(Indexes.ascending("artistId", "releaseDate", "_id"),
                new IndexOptions().name("artist_releaseDate")));
    }

    /** The albums of all these artists in one query, oldest release first. */
    public Uni<List<AlbumDocument>> findByArtistIds(Collection<String> artistIds) {
        return list(collection().find(Filters.in("artistId", List.copyOf(artistIds)))
                .sort(Sorts.ascending("artistId", "releaseDate", "_id")));
    }

    public Uni<Long> countByArtist(String artistId) {
        return MongoReactive.first(collection().countDocuments(Filters.eq("artistId", artistId)));
    }
}
