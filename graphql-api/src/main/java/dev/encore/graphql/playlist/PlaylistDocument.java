package dev.encore.graphql.playlist;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * A playlist as stored in {@code playlists}: the items are embedded in play order, so every edit is one atomic
 * update of one document. {@code rev} grows by one on every write (it is the API's {@code version});
 * {@code itemCount} and {@code totalDurationMs} are kept beside the array so the item cap can be part of an update's
 * condition and the total needs no scan.
 */
public record PlaylistDocument(String id, String name, String description, boolean isPublic, String ownerId, long rev,
                               List<ItemDocument> items, int itemCount, long totalDurationMs, Instant createdAt,
                               Instant updatedAt) {

    /** One entry: its own id (stable when it moves), the song, and the song's duration when it was added. */
    public record ItemDocument(String id, String songId, int durationMs, Instant addedAt) {

        Document toBson() {
            return new Document("id", id).append("songId", songId).append("durationMs", durationMs)
                    .append("addedAt", Date.from(addedAt));
        }

        static ItemDocument fromBson(Document bson) {
            return new ItemDocument(bson.getString("id"), bson.getString("songId"), bson.getInteger("durationMs", 0),
                    bson.getDate("addedAt").toInstant());
        }
    }

    public String version() {
        return Long.toString(rev);
    }

    public int indexOf(String itemId) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).id().equals(itemId)) {
                return i;
            }
        }
        return -1;
    }

    Document toBson() {
        List<Document> stored = new ArrayList<>();
        items.forEach(item -> stored.add(item.toBson()));
        return new Document("_id", new ObjectId(id))
                .append("name", name)
                .append("description", description)
                .append("public", isPublic)
                .append("ownerId", ownerId)
                .append("rev", rev)
                .append("items", stored)
                .append("itemCount", itemCount)
                .append("totalDurationMs", totalDurationMs)
                .append("createdAt", Date.from(createdAt))
                .append("updatedAt", Date.from(updatedAt));
    }

    static PlaylistDocument fromBson(Document bson) {
        if (bson == null) {
            return null;
        }
        List<ItemDocument> items = new ArrayList<>();
        List<Document> stored = bson.getList("items", Document.class);
        if (stored != null) {
            stored.forEach(item -> items.add(ItemDocument.fromBson(item)));
        }
        return new PlaylistDocument(bson.getObjectId("_id").toHexString(), bson.getString("name"),
                bson.getString("description"), bson.getBoolean("public", false), bson.getString("ownerId"),
                ((Number) bson.get("rev")).longValue(), items, bson.getInteger("itemCount", items.size()),
                ((Number) bson.get("totalDurationMs")).longValue(), bson.getDate("createdAt").toInstant(),
                bson.getDate("updatedAt").toInstant());
    }
}
