package dev.encore.graphql.catalog;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * An artist as stored in {@code artists}. Besides these fields a stored artist has {@code sortKey} and
 * {@code searchTokens}, derived from the name on every write (see {@link SearchKeys}). Also the shape cached in Redis.
 * {@code ownerIds} are the users who own it (see {@link CatalogEditor}); empty for an artist stored without owners,
 * which only curators and admins edit.
 */
public record ArtistDocument(String id, String name, List<String> genres, List<String> ownerIds, Instant createdAt,
                             Instant updatedAt) {

    public ArtistDocument {
        ownerIds = ownerIds == null ? List.of() : List.copyOf(ownerIds); // absent in documents and cache entries from before
    }

    Document toBson() {
        return new Document("_id", new ObjectId(id))
                .append("name", name)
                .append(Mongo.SORT_KEY, SearchKeys.sortKey(name))
                .append(Mongo.SEARCH_TOKENS, SearchKeys.tokens(name))
                .append("genres", genres)
                .append("ownerIds", ownerIds)
                .append("createdAt", Date.from(createdAt))
                .append("updatedAt", Date.from(updatedAt));
    }

    static ArtistDocument fromBson(Document bson) {
        return new ArtistDocument(bson.getObjectId("_id").toHexString(), bson.getString("name"),
                Mongo.strings(bson, "genres"), Mongo.strings(bson, "ownerIds"), bson.getDate("createdAt").toInstant(),
                bson.getDate("updatedAt").toInstant());
    }
}
