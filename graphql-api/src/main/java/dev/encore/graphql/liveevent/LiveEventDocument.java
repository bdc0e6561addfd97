package dev.encore.graphql.liveevent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * A live event as stored in {@code live_events}. The schedule is the source of truth: once LIVE, song {@code i} of
 * the snapshot starts at {@code startsAt} plus the durations before it, so what is playing at any instant is computed,
 * never remembered in memory. {@code index} is the last song whose start was published (so each is published once),
 * and {@code fence} the lease token of the last scheduler that wrote the event (a stale leader's write is refused).
 */
public record LiveEventDocument(String id, String title, Instant startsAt, String timeZone, String playlistId,
                                String createdBy, LiveEventStatus status, Instant endsAt, List<Slot> snapshot,
                                int index, long fence, Instant createdAt, Instant updatedAt) {

    /** One song of the snapshot, with what the now-playing events need so they need no lookups. */
    public record Slot(String itemId, String songId, int durationMs, String title, String artistName) {

        Document toBson() {
            return new Document("itemId", itemId).append("songId", songId).append("durationMs", durationMs)
                    .append("title", title).append("artistName", artistName);
        }

        static Slot fromBson(Document bson) {
            return new Slot(bson.getString("itemId"), bson.getString("songId"), bson.getInteger("durationMs"),
                    bson.getString("title"), bson.getString("artistName"));
        }
    }

    /** When song {@code i} of the snapshot starts. */
    public Instant slotStart(int i) {
        long offset = 0;
        for (int k = 0; k < i; k++) {
            offset += snapshot.get(k).durationMs();
        }
        return startsAt.plusMillis(offset);
    }

    /** The index of the song playing at {@code now} per the schedule, or -1 before the start or after the end. */
    public static int indexAt(Instant startsAt, List<Slot> snapshot, Instant now) {
        if (now.isBefore(startsAt)) {
            return -1;
        }
        long elapsed = now.toEpochMilli() - startsAt.toEpochMilli();
        for (int i = 0; i < snapshot.size(); i++) {
            elapsed -= snapshot.get(i).durationMs();
            if (elapsed < 0) {
                return i;
            }
        }
        return -1;
    }

    static Instant endOf(Instant startsAt, List<Slot> snapshot) {
        return startsAt.plusMillis(snapshot.stream().mapToLong(Slot::durationMs).sum());
    }

    Document toBson() {
        List<Document> slots = new ArrayList<>();
        if (snapshot != null) {
            snapshot.forEach(slot -> slots.add(slot.toBson()));
        }
        return new Document("_id", new ObjectId(id))
                .append("title", title)
                .append("startsAt", Date.from(startsAt))
                .append("timeZone", timeZone)
                .append("playlistId", playlistId)
                .append("createdBy", createdBy)
                .append("status", status.name())
                .append("rank", status.rank())
                .append("endsAt", endsAt == null ? null : Date.from(endsAt))
                .append("snapshot", slots)
                .append("index", index)
                .append("fence", fence)
                .append("createdAt", Date.from(createdAt))
                .append("updatedAt", Date.from(updatedAt));
    }

    static LiveEventDocument fromBson(Document bson) {
        if (bson == null) {
            return null;
        }
        List<Slot> slots = new ArrayList<>();
        List<Document> stored = bson.getList("snapshot", Document.class);
        if (stored != null) {
            stored.forEach(slot -> slots.add(Slot.fromBson(slot)));
        }
        Date endsAt = bson.getDate("endsAt");
        return new LiveEventDocument(bson.getObjectId("_id").toHexString(), bson.getString("title"),
                bson.getDate("startsAt").toInstant(), bson.getString("timeZone"), bson.getString("playlistId"),
                bson.getString("createdBy"), LiveEventStatus.valueOf(bson.getString("status")),
                endsAt == null ? null : endsAt.toInstant(), slots, bson.getInteger("index", -1),
                ((Number) bson.get("fence")).longValue(), bson.getDate("createdAt").toInstant(),
                bson.getDate("updatedAt").toInstant());
    }
}
