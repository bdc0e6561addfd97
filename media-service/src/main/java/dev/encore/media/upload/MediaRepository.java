package dev.encore.media.upload;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;

/** Media records in MongoDB; intent-named queries, no rules. Blocking driver: callers run on virtual threads. */
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
    public void ensureIndexes() {
        collection.createIndex(Indexes.ascending("sha256"));
        collection.createIndex(Indexes.ascending("ownerId", "sha256"), new IndexOptions().unique(true));
    }

    /** @return {@code false} when this owner already has media with these bytes (the unique index said so) */
    public boolean insert(Media media) {
        try {
            collection.insertOne(MediaDocument.toBson(media));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** The media, or {@code null}. */
    public Media findById(String id) {
        return toMedia(collection.find(Filters.eq("_id", id)).first());
    }

    /** The media, or {@code null}. */
    public Media findByOwnerAndSha256(String ownerId, String sha256) {
        return toMedia(collection.find(Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("sha256", sha256)))
                               .first());
    }

    public boolean deleteById(String id) {
        return collection.deleteOne(Filters.eq("_id", id)).getDeletedCount() > 0;
    }

    /** How many media records use these bytes; the blob may go when none does. */
    public long countBySha256(String sha256) {
        return collection.countDocuments(Filters.eq("sha256", sha256));
    }

    private static Media toMedia(Document document) {
        return document == null ? null : MediaDocument.fromBson(document);
    }
}
