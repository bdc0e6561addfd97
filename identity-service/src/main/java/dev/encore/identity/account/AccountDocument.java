package dev.encore.identity.account;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;

/**
 * An account as stored in the {@code accounts} collection. {@code email} is stored normalized (trimmed, lower-case)
 * and carries the unique index: MongoDB collations would do the same but the test server ignores them.
 */
public record AccountDocument(String id, String email, String displayName, String passwordHash, List<String> roles,
                              Instant createdAt) {

    static final String COLLECTION = "accounts";

    Document toBson() {
        return new Document("_id", id)
                .append("email", email)
                .append("displayName", displayName)
                .append("passwordHash", passwordHash)
                .append("roles", roles)
                .append("createdAt", Date.from(createdAt));
    }

    static AccountDocument fromBson(Document document) {
        return document == null ? null : new AccountDocument(
                document.getString("_id"),
                document.getString("email"),
                document.getString("displayName"),
                document.getString("passwordHash"),
                document.getList("roles", String.class, List.of()),
                document.getDate("createdAt").toInstant());
    }
}
