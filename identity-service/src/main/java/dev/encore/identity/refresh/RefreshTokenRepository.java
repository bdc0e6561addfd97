package dev.encore.identity.refresh;

import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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

/** The {@code refresh_tokens} and {@code refresh_families} collections; MongoDB deletes expired entries itself. */
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
    public Uni<Void> ensureIndexes() {
        if (indexed.get()) {
            return Uni.createFrom().voidItem();
        }
        IndexOptions ttl = new IndexOptions().expireAfter(0L, TimeUnit.SECONDS).name("expires_ttl");
        return MongoReactive.first(tokens.createIndex(Indexes.ascending("expiresAt"), ttl))
                .chain(() -> MongoReactive.first(families.createIndex(Indexes.ascending("expiresAt"), ttl)))
                .invoke(() -> indexed.set(true))
                .replaceWithVoid();
    }

    Uni<Void> insertFamily(SessionFamilyDocument family) {
        return MongoReactive.first(families.insertOne(family.toBson())).replaceWithVoid();
    }

    Uni<Void> insertToken(RefreshTokenDocument token) {
        return MongoReactive.first(tokens.insertOne(token.toBson())).replaceWithVoid();
    }

    /**
     * The compare-and-set at the heart of rotation: marks the token rotated only if it is still active and unexpired,
     * and returns it; {@code null} when another request rotated it first (or it is unknown or expired).
     */
    Uni<RefreshTokenDocument> markRotated(String hash, Instant now) {
        return MongoReactive.first(tokens.findOneAndUpdate(
                        Filters.and(Filters.eq("_id", hash),
                                    Filters.eq("state", RefreshTokenDocument.State.ACTIVE.name()),
                                    Filters.gt("expiresAt", Date.from(now))),
                        Updates.combine(Updates.set("state", RefreshTokenDocument.State.ROTATED.name()),
                                        Updates.set("rotatedAt", Date.from(now))),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)))
                .map(RefreshTokenDocument::fromBson);
    }

    Uni<RefreshTokenDocument> findToken(String hash) {
        return MongoReactive.first(tokens.find(Filters.eq("_id", hash)).first()).map(RefreshTokenDocument::fromBson);
    }

    Uni<SessionFamilyDocument> findFamily(String familyId) {
        return MongoReactive.first(families.find(Filters.eq("_id", familyId)).first())
                .map(SessionFamilyDocument::fromBson);
    }

    /** Keeps the session alive as long as its newest token. */
    Uni<Void> extendFamily(String familyId, Instant expiresAt) {
        return MongoReactive.first(families.updateOne(Filters.eq("_id", familyId),
                                                      Updates.max("expiresAt", Date.from(expiresAt))))
                .replaceWithVoid();
    }

    /** Revokes every open session of a user. */
    Uni<Void> revokeFamiliesOf(String userId, Instant now, String reason) {
        return MongoReactive.first(families.updateMany(Filters.and(Filters.eq("userId", userId),
                                                                   Filters.eq("revokedAt", null)),
                                                       Updates.combine(Updates.set("revokedAt", Date.from(now)),
                                                                       Updates.set("revokedReason", reason))))
                .replaceWithVoid();
    }

    /** Revokes the session; the first reason sticks. {@code tokenHash}: the token whose use triggered it, if any. */
    Uni<Void> revokeFamily(String familyId, Instant now, String reason, String tokenHash) {
        return MongoReactive.first(families.updateOne(Filters.and(Filters.eq("_id", familyId),
                                                                  Filters.eq("revokedAt", null)),
                                                      Updates.combine(Updates.set("revokedAt", Date.from(now)),
                                                                      Updates.set("revokedReason", reason),
                                                                      Updates.set("revokedFor", tokenHash))))
                .replaceWithVoid();
    }
}
