package dev.encore.graphql.catalog;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The {@code artists} collection. */
@ApplicationScoped
public class ArtistRepository extends CatalogRepository<ArtistDocument> {

    @Inject
    MongoDatabase database;

    @PostConstruct
    void init() {
        bind(database.getCollection("artists"), ArtistDocument::fromBson);
    }

    Uni<Void> ensureIndexes() {
        return ensureCommonIndexes();
    }
}
