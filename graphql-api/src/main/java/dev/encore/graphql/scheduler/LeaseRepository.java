package dev.encore.graphql.scheduler;

import java.time.Instant;
import java.util.Date;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
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
 * by one at every change of owner; it is the fencing token writers put on their writes. {@code lease_tokens} holds one
 * small document per token ever issued ({@code name#token}: who took it, when), which is what makes a takeover atomic.
 */
@ApplicationScoped
public class LeaseRepository {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> collection;
    private MongoCollection<Document> tokens;

    @PostConstruct
    void init() {
        collection = database.getCollection("leases");
        tokens = database.getCollection("lease_tokens");
    }

    /** Extends the lease if {@code owner} still holds it with {@code token}; false when it was lost. */
    public Uni<Boolean> renew(String name, String owner, long token, Instant expiresAt) {
        return MongoReactive.first(collection.updateOne(
                        Filters.and(Filters.eq("_id", name), Filters.eq("owner", owner), Filters.eq("token", token)),
                        Updates.set("expiresAt", Date.from(expiresAt))))
                .map(result -> result.getMatchedCount() > 0);
    }

    /**
     * Takes the lease if it expired before {@code now} (or never existed): the new token, or null. Each token is
     * claimed once by inserting its own document in {@code lease_tokens} (a unique {@code _id}, {@code name#token}),
     * and only that insert's winner moves the lease to it: two contenders that both see the lease expired can never
     * both take it, nor get the same token. (A {@code findOneAndUpdate} with {@code $inc} would do on MongoDB, but is
     * not atomic on the emulator the tests run on: docs/mongodb-emulator-gaps.md.)
     */
    public Uni<Long> take(String name, String owner, Instant now, Instant expiresAt) {
        return MongoReactive.first(collection.find(Filters.eq("_id", name)).first()).chain(current -> {
            if (current != null && !current.getDate("expiresAt").before(Date.from(now))) {
                return Uni.createFrom().nullItem();
            }
            long token = current == null ? 1L : ((Number) current.get("token")).longValue() + 1;
            Document claim = new Document("_id", name + "#" + token).append("owner", owner)
                    .append("at", Date.from(now));
            return MongoReactive.first(tokens.insertOne(claim))
                    .chain(claimed -> MongoReactive.first(collection.updateOne(Filters.eq("_id", name),
                            Updates.combine(Updates.set("owner", owner), Updates.set("token", token),
                                    Updates.set("expiresAt", Date.from(expiresAt))),
                            new UpdateOptions().upsert(true))))
                    .map(done -> token)
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
