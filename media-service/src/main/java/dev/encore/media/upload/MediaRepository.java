package dev.encore.media.upload;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.encore.support.mongo.MongoReactive;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;

/** Media records in MongoDB; intent-named queries, no rules. */
@ApplicationScoped
public class MediaRepository {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> collection;

    @PostConstruct
    void init() {
        collection = database.getCollection(MediaDocument.COLLECTION);
    }

    /** Creates the indexes; idempotent, called once at startup. */
    public Uni<Void> ensureIndexes() {
        return MongoReactive.first(collection.createIndex(Indexes.ascending("sha256")))
                .chain(() -> MongoReactive.first(collection.createIndex(Indexes.ascending("ownerId", "sha256"),
                                                                         new IndexOptions().unique(true))))
                .replaceWithVoid();
    }

    /** @return {@code false} when this owner already has media with these bytes (the unique index said so) */
    public Uni<Boolean> insert(Media media) {
        return MongoReactive.first(collection.insertOne(MediaDocument.toBson(media)))
                .map(ignored -> true)
                .onFailure(MediaRepository::isDuplicateKey).recoverWithItem(false);
    }

    public Uni<Media> findById(String id) {
        return MongoReactive.first(collection.find(Filters.eq("_id", id)).first()).map(MediaRepository::toMedia);
    }

    public Uni<Media> findByOwnerAndSha256(String ownerId, String sha256) {
        return MongoReactive.first(collection.find(Filters.and(Filters.eq("ownerId", ownerId),
                                                               Filters.eq("sha256", sha256))).first())
                .map(MediaRepository::toMedia);
    }

    public Uni<Boolean> deleteById(String id) {
        return MongoReactive.first(collection.deleteOne(Filters.eq("_id", id))).map(result -> result.getDeletedCount() > 0);
    }

    /** How many media records use these bytes; the blob may go when none does. */
    public Uni<Long> countBySha256(String sha256) {
        return MongoReactive.first(collection.countDocuments(Filters.eq("sha256", sha256)));
    }

    private static Media toMedia(Document document) {
        return document == null ? null : MediaDocument.fromBson(document);
    }

    private static boolean isDuplicateKey(Throwable failure) {
        return failure instanceof MongoWriteException write && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
