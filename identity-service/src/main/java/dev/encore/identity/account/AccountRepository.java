package dev.encore.identity.account;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.encore.support.mongo.MongoReactive;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;

/** The {@code accounts} collection. */
@ApplicationScoped
public class AccountRepository {

    private MongoCollection<Document> accounts;
    private final AtomicBoolean indexed = new AtomicBoolean();

    @Inject
    AccountRepository(MongoDatabase database) {
        this.accounts = database.getCollection(AccountDocument.COLLECTION);
    }

    AccountRepository() {
        // for CDI proxies
    }

    /**
     * Creates the unique email index. It is what makes two concurrent registrations of one email impossible, so every
     * insert waits for it; once it exists this costs nothing, and a MongoDB that was down at startup is retried on use.
     */
    public Uni<Void> ensureIndexes() {
        if (indexed.get()) {
            return Uni.createFrom().voidItem();
        }
        return MongoReactive.first(accounts.createIndex(Indexes.ascending("email"),
                                                        new IndexOptions().unique(true).name("email_unique")))
                .invoke(() -> indexed.set(true))
                .replaceWithVoid();
    }

    /** Inserts the account; {@code false} when its email is already taken (the unique index refused it). */
    public Uni<Boolean> insert(AccountDocument account) {
        return ensureIndexes().chain(() -> MongoReactive.first(accounts.insertOne(account.toBson())))
                .replaceWith(true)
                .onFailure(AccountRepository::duplicateKey).recoverWithItem(false);
    }

    public Uni<AccountDocument> findByEmail(String normalizedEmail) {
        return MongoReactive.first(accounts.find(Filters.eq("email", normalizedEmail)).first())
                .map(AccountDocument::fromBson);
    }

    public Uni<AccountDocument> findById(String id) {
        return MongoReactive.first(accounts.find(Filters.eq("_id", id)).first()).map(AccountDocument::fromBson);
    }

    /** Replaces the hash only if it is still the one that was verified, so a concurrent password change wins. */
    public Uni<Boolean> replacePasswordHash(String id, String verifiedHash, String newHash) {
        return MongoReactive.first(accounts.updateOne(Filters.and(Filters.eq("_id", id),
                                                                  Filters.eq("passwordHash", verifiedHash)),
                                                      Updates.set("passwordHash", newHash)))
                .map(result -> result.getModifiedCount() == 1);
    }

    /** The account with its new roles, or {@code null} when there is no such account. */
    public Uni<AccountDocument> setRoles(String id, List<String> roles) {
        return MongoReactive.first(accounts.findOneAndUpdate(Filters.eq("_id", id), Updates.set("roles", roles),
                                                             new FindOneAndUpdateOptions()
                                                                     .returnDocument(ReturnDocument.AFTER)))
                .map(AccountDocument::fromBson);
    }

    /** {@code false} when there was no such account. */
    public Uni<Boolean> delete(String id) {
        return MongoReactive.first(accounts.deleteOne(Filters.eq("_id", id))).map(result -> result.getDeletedCount() == 1);
    }

    public Uni<Boolean> isEmpty() {
        return MongoReactive.first(accounts.countDocuments(new Document(), new com.mongodb.client.model.CountOptions()
                        .limit(1)))
                .map(count -> count == 0);
    }

    public Uni<Boolean> anyWithRole(Role role) {
        return MongoReactive.first(accounts.find(Filters.eq("roles", role.id())).first()).map(found -> found != null);
    }

    private static boolean duplicateKey(Throwable failure) {
        return failure instanceof MongoServerException server
               && ErrorCategory.fromErrorCode(server.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }
}
