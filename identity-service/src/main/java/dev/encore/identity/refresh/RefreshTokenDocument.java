package dev.encore.identity.refresh;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;

/**
 * One refresh token in {@code refresh_tokens}, keyed by the SHA-256 of the token (the token itself is never stored).
 * Rotated tokens are kept until they expire: presenting one again is how theft is detected.
 */
record RefreshTokenDocument(String hash, String familyId, String userId, State state, Instant createdAt,
                            Instant rotatedAt, Instant expiresAt) {

    static final String COLLECTION = "refresh_tokens";

    enum State { ACTIVE, ROTATED }

    Document toBson() {
        return new Document("_id", hash)
                .append("familyId", familyId)
                .append("userId", userId)
                .append("state", state.name())
                .append("createdAt", Date.from(createdAt))
                .append("rotatedAt", rotatedAt == null ? null : Date.from(rotatedAt))
                .append("expiresAt", Date.from(expiresAt));
    }

    static RefreshTokenDocument fromBson(Document document) {
        if (document == null) {
            return null;
        }
        Date rotatedAt = document.getDate("rotatedAt");
        return new RefreshTokenDocument(document.getString("_id"), document.getString("familyId"),
                                        document.getString("userId"), State.valueOf(document.getString("state")),
                                        document.getDate("createdAt").toInstant(),
                                        rotatedAt == null ? null : rotatedAt.toInstant(),
                                        document.getDate("expiresAt").toInstant());
    }
}
