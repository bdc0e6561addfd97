package dev.encore.graphql.scheduler;

import java.time.Instant;
import java.util.Date;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.encore.support.mongo.MongoReactive;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;

/**
 * The {@code leases} collection: one document per lease, {@code {_id, owner, token, expiresAt}}. {@code token} grows
 * by one at every change of owner; it is the fencing token writers put on their writes.
 */
@ApplicationScoped
public class LeaseRepository {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> collection;

    @PostConstruct
    void init() {
        collection = database.getCollection("leases");
    }

    /** Extends the lease if {@code owner} still holds it with {@code token}; false when it was lost. */
    public Uni<Boolean> renew(String name, String owner, long token, Instant expiresAt) {
        return MongoReactive.first(collection.updateOne(
                        Filters.and(Filters.eq("_id", name), Filters.eq("owner", owner), Filters.eq("token", token)),
                        Updates.set("expiresAt", Date.from(expiresAt))))
                .map(result -> result.getMatchedCount() > 0);
    }

    /** Takes the lease if it expired before {@code now} (or never existed): the new token, or null. */
    public Uni<Long> take(String name, String owner, Instant now, Instant expiresAt) {
        return MongoReactive.first(collection.findOneAndUpdate(
                        Filters.and(Filters.eq("_id", name), Filters.lt("expiresAt", Date.from(now))),
                        Updates.combine(Updates.set("owner", owner), Updates.set("expiresAt", Date.from(expiresAt)),
                                Updates.inc("token", 1L)),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
                .chain(taken -> {
                    if (taken != null) {
                        return Uni.createFrom().item(((Number) taken.get("token")).longValue());
                    }
                    Document first = new Document("_id", name).append("owner", owner).append("token", 1L)
                            .append("expiresAt", Date.from(expiresAt));
                    return MongoReactive.first(collection.insertOne(first)).map(done -> 1L)
                            .onFailure(LeaseRepository::isDuplicateKey).recoverWithNull();
                });
    }

    /** Gives the lease up (on shutdown), so another replica takes over at its next tick instead of after the TTL. */
    public Uni<Void> release(String name, String owner, long token) {
        return MongoReactive.first(collection.updateOne(
                Filters.and(Filters.eq("_id", name), Filters.eq("owner", owner), Filters.eq("token", token)),
                Updates.set("expiresAt", new Date(0)))).replaceWithVoid();
    }

    private static boolean isDuplicateKey(Throwable failure) {
        return failure instanceof MongoWriteException write
               && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
