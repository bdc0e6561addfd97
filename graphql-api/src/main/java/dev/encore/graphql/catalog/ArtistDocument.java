package dev.encore.graphql.catalog;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import dev.encore.graphql.search.SearchKeys;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * An artist as stored in {@code artists}. Besides these fields a stored artist has {@code sortKey} and
 * {@code searchTokens}, derived from the name on every write (see {@link SearchKeys}). Also the shape cached in Redis.
 */
public record ArtistDocument(String id, String name, List<String> genres, Instant createdAt, Instant updatedAt) {

    Document toBson() {
        return new Document("_id", new ObjectId(id))
                .append("name", name)
                .append(Mongo.SORT_KEY, SearchKeys.sortKey(name))
                .append(Mongo.SEARCH_TOKENS, SearchKeys.tokens(name))
                .append("genres", genres)
                .append("createdAt", Date.from(createdAt))
                .append("updatedAt", Date.from(updatedAt));
    }

    static ArtistDocument fromBson(Document bson) {
        return new ArtistDocument(bson.getObjectId("_id").toHexString(), bson.getString("name"),
                Mongo.strings(bson, "genres"), bson.getDate("createdAt").toInstant(),
                bson.getDate("updatedAt").toInstant());
    }
}
