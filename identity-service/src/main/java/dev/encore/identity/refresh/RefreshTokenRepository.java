package dev.encore.identity.refresh;

import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;

/**
 * The {@code refresh_tokens} and {@code refresh_families} collections; MongoDB deletes expired entries itself. Blocking
 * driver: callers run on virtual threads.
 */
@ApplicationScoped
public class RefreshTokenRepository {

    private MongoCollection<Document> tokens;
    private MongoCollection<Document> families;
    private final AtomicBoolean indexed = new AtomicBoolean();

    @Inject
    RefreshTokenRepository(MongoDatabase database) {
        this.tokens = database.getCollection(RefreshTokenDocument.COLLECTION);
        this.families = database.getCollection(SessionFamilyDocument.COLLECTION);
    }

    RefreshTokenRepository() {
        // for CDI proxies
    }

    /** TTL indexes: an expired token or session is deleted by MongoDB (within a minute or so; reads also check). */
    public void ensureIndexes() {
        if (!indexed.get()) {
            IndexOptions ttl = new IndexOptions().expireAfter(0L, TimeUnit.SECONDS).name("expires_ttl");
            tokens.createIndex(Indexes.ascending("expiresAt"), ttl);
            families.createIndex(Indexes.ascending("expiresAt"), ttl);
            indexed.set(true);
        }
    }

    void insertFamily(SessionFamilyDocument family) {
        families.insertOne(family.toBson());
    }

    void insertToken(RefreshTokenDocument token) {
        tokens.insertOne(token.toBson());
    }

    /**
     * The compare-and-set at the heart of rotation: marks the token rotated only if it is still active and unexpired,
     * and returns it; {@code null} when another request rotated it first (or it is unknown or expired).
     */
    RefreshTokenDocument markRotated(String hash, Instant now) {
        return RefreshTokenDocument.fromBson(tokens.findOneAndUpdate(
                        Filters.and(Filters.eq("_id", hash),
                                    Filters.eq("state", RefreshTokenDocument.State.ACTIVE.name()),
                                    Filters.gt("expiresAt", Date.from(now))),
                        Updates.combine(Updates.set("state", RefreshTokenDocument.State.ROTATED.name()),
                                        Updates.set("rotatedAt", Date.from(now))),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)));
    }

    /** The token, or {@code null}. */
    RefreshTokenDocument findToken(String hash) {
        return RefreshTokenDocument.fromBson(tokens.find(Filters.eq("_id", hash)).first());
    }

    /** The session, or {@code null}. */
    SessionFamilyDocument findFamily(String familyId) {
        return SessionFamilyDocument.fromBson(families.find(Filters.eq("_id", familyId)).first());
    }

    /** Keeps the session alive as long as its newest token. */
    void extendFamily(String familyId, Instant expiresAt) {
        families.updateOne(Filters.eq("_id", familyId), Updates.max("expiresAt", Date.from(expiresAt)));
    }

    /** Revokes every open session of a user. */
    void revokeFamiliesOf(String userId, Instant now, String reason) {
        families.updateMany(Filters.and(Filters.eq("userId", userId), Filters.eq("revokedAt", null)),
                            Updates.combine(Updates.set("revokedAt", Date.from(now)),
                                            Updates.set("revokedReason", reason)));
    }

    /** Revokes the session; the first reason sticks. {@code tokenHash}: the token whose use triggered it, if any. */
    void revokeFamily(String familyId, Instant now, String reason, String tokenHash) {
        families.updateOne(Filters.and(Filters.eq("_id", familyId), Filters.eq("revokedAt", null)),
                           Updates.combine(Updates.set("revokedAt", Date.from(now)),
                                           Updates.set("revokedReason", reason),
                                           Updates.set("revokedFor", tokenHash)));
    }
}
