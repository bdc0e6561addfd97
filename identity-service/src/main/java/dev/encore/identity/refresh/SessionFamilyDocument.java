package dev.encore.identity.refresh;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;

/**
 * One login's chain of refresh tokens in {@code refresh_families}. Revoking is one write here, which every later
 * refresh of any token in the chain checks, so a token minted concurrently with a revocation is still refused.
 */
record SessionFamilyDocument(String id, String userId, Instant createdAt, Instant expiresAt, Instant revokedAt,
                             String revokedReason, String revokedFor) {

    static final String COLLECTION = "refresh_families";

    /**
     * Whether a refresh that just won the compare-and-set on {@code tokenHash} (or, when it is {@code null}, a
     * grace-period sibling) may continue the session. A revocation
     * triggered by a concurrent replay of that very token does not take the win away from the request that rotated
     * it first (its new refresh token is dead all the same, since the family is revoked).
     */
    boolean usableBy(String tokenHash, Instant now) {
        return expiresAt.isAfter(now) && (revokedAt == null || tokenHash != null && tokenHash.equals(revokedFor));
    }

    Document toBson() {
        return new Document("_id", id)
                .append("userId", userId)
                .append("createdAt", Date.from(createdAt))
                .append("expiresAt", Date.from(expiresAt))
                .append("revokedAt", null)
                .append("revokedReason", null)
                .append("revokedFor", null);
    }

    static SessionFamilyDocument fromBson(Document document) {
        if (document == null) {
            return null;
        }
        Date revokedAt = document.getDate("revokedAt");
        return new SessionFamilyDocument(document.getString("_id"), document.getString("userId"),
                                         document.getDate("createdAt").toInstant(),
                                         document.getDate("expiresAt").toInstant(),
                                         revokedAt == null ? null : revokedAt.toInstant(),
                                         document.getString("revokedReason"), document.getString("revokedFor"));
    }
}
