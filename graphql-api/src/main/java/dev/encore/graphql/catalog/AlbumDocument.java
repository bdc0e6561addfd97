package dev.encore.graphql.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.types.ObjectId;

/** An album as stored in {@code albums}; {@code releaseDate} is kept as {@code yyyy-MM-dd} so it sorts as text. */
public record AlbumDocument(String id, String title, String artistId, LocalDate releaseDate, List<String> genres,
                            Instant createdAt, Instant updatedAt) {

    Document toBson() {
        return new Document("_id", new ObjectId(id))
                .append("title", title)
                .append(Mongo.SORT_KEY, SearchKeys.sortKey(title))
                .append(Mongo.SEARCH_TOKENS, SearchKeys.tokens(title))
                .append("artistId", artistId)
                .append("releaseDate", releaseDate == null ? null : releaseDate.toString())
                .append("genres", genres)
                .append("createdAt", Date.from(createdAt))
                .append("updatedAt", Date.from(updatedAt));
    }

    static AlbumDocument fromBson(Document bson) {
        String releaseDate = bson.getString("releaseDate");
        return new AlbumDocument(bson.getObjectId("_id").toHexString(), bson.getString("title"),
                bson.getString("artistId"), releaseDate == null ? null : LocalDate.parse(releaseDate),
                Mongo.strings(bson, "genres"), bson.getDate("createdAt").toInstant(),
                bson.getDate("updatedAt").toInstant());
    }
}
