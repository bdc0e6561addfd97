package dev.encore.identity.account;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;

/** The {@code accounts} collection, through the blocking driver (callers run on virtual threads). */
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
    public void ensureIndexes() {
        if (!indexed.get()) {
            accounts.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_unique"));
            indexed.set(true);
        }
    }

    /** Inserts the account; {@code false} when its email is already taken (the unique index refused it). */
    public boolean insert(AccountDocument account) {
        ensureIndexes();
        try {
            accounts.insertOne(account.toBson());
            return true;
        } catch (MongoServerException e) {
            if (duplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** The account, or {@code null}. */
    public AccountDocument findByEmail(String normalizedEmail) {
        return AccountDocument.fromBson(accounts.find(Filters.eq("email", normalizedEmail)).first());
    }

    /** The account, or {@code null}. */
    public AccountDocument findById(String id) {
        return AccountDocument.fromBson(accounts.find(Filters.eq("_id", id)).first());
    }

    /** Replaces the hash only if it is still the one that was verified, so a concurrent password change wins. */
    public boolean replacePasswordHash(String id, String verifiedHash, String newHash) {
        return accounts.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("passwordHash", verifiedHash)),
                                  Updates.set("passwordHash", newHash))
                       .getModifiedCount() == 1;
    }

    /** The account with its new roles, or {@code null} when there is no such account. */
    public AccountDocument setRoles(String id, List<String> roles) {
        return AccountDocument.fromBson(accounts.findOneAndUpdate(
                Filters.eq("_id", id), Updates.set("roles", roles),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
    }

    /** {@code false} when there was no such account. */
    public boolean delete(String id) {
        return accounts.deleteOne(Filters.eq("_id", id)).getDeletedCount() == 1;
    }

    public boolean isEmpty() {
        return accounts.countDocuments(new Document(), new CountOptions().limit(1)) == 0;
    }

    public boolean anyWithRole(Role role) {
        return accounts.find(Filters.eq("roles", role.id())).first() != null;
    }

    private static boolean duplicateKey(MongoServerException failure) {
        return ErrorCategory.fromErrorCode(failure.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }
}
