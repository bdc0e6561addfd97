package dev.encore.graphql.catalog;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * A song as stored in {@code songs}. {@code isrc} is left out of the stored document when absent, so the sparse
 * unique index on it only constrains songs that have one.
 */
public record SongDocument(String id, String title, String artistId, String albumId, Integer trackNumber,
                           int durationMs, String isrc, String mediaId, List<String> genres, Instant createdAt,
                           Instant updatedAt) {

    Document toBson() {
        Document bson = new Document("_id", new ObjectId(id))
                .append("title", title)
                .append(Mongo.SORT_KEY, SearchKeys.sortKey(title))
                .append(Mongo.SEARCH_TOKENS, SearchKeys.tokens(title))
                .append("artistId", artistId)
                .append("albumId", albumId)
                .append("trackNumber", trackNumber)
                .append("durationMs", durationMs)
                .append("mediaId", mediaId)
                .append("genres", genres)
                .append("createdAt", Date.from(createdAt))
                .append("updatedAt", Date.from(updatedAt));
        if (isrc != null) {
            bson.append("isrc", isrc);
        }
        return bson;
    }

    static SongDocument fromBson(Document bson) {
        return new SongDocument(bson.getObjectId("_id").toHexString(), bson.getString("title"),
                bson.getString("artistId"), bson.getString("albumId"), bson.getInteger("trackNumber"),
                bson.getInteger("durationMs", 0), bson.getString("isrc"), bson.getString("mediaId"),
                Mongo.strings(bson, "genres"), bson.getDate("createdAt").toInstant(),
                bson.getDate("updatedAt").toInstant());
    }
}
