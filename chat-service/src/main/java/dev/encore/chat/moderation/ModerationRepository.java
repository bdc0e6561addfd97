package dev.encore.chat.moderation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;

/**
 * {@code rooms} (settings), {@code mutes} and {@code bans}; ids are {@code roomId/userId} so each pair has one document.
 * Blocking calls on the synchronous driver, each bounded by its client-side operation timeout ({@code timeoutMS},
 * {@link #TIMEOUT_SECONDS} s): a moderation call waits no longer than a chat frame's sender would.
 */
@ApplicationScoped
public class ModerationRepository {

    static final long TIMEOUT_SECONDS = 5;

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> rooms;
    private MongoCollection<Document> mutes;
    private MongoCollection<Document> bans;

    @PostConstruct
    void init() {
        MongoDatabase bounded = database.withTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        rooms = bounded.getCollection("rooms");
        mutes = bounded.getCollection("mutes");
        bans = bounded.getCollection("bans");
    }

    static String key(String roomId, String userId) {
        return roomId + "/" + userId;
    }

    public int slowModeSeconds(String roomId) {
        Document d = rooms.find(Filters.eq("_id", roomId)).first();
        return d == null ? 0 : d.getInteger("slowModeSeconds", 0);
    }

    public void setSlowModeSeconds(String roomId, int seconds, String by) {
        rooms.updateOne(Filters.eq("_id", roomId),
                Updates.combine(Updates.set("slowModeSeconds", seconds), Updates.set("updatedBy", by),
                        Updates.set("updatedAt", new Date())), new UpdateOptions().upsert(true));
    }

    /** When the user's mute in the room ends, or null when not muted (an expired mute counts as none). */
    public Instant mutedUntil(String roomId, String userId) {
        Document d = mutes.find(Filters.eq("_id", key(roomId, userId))).first();
        if (d == null) {
            return null;
        }
        Instant until = d.getDate("until").toInstant();
        return until.isAfter(Instant.now()) ? until : null;
    }

    public void mute(String roomId, String userId, Instant until, String by) {
        mutes.replaceOne(Filters.eq("_id", key(roomId, userId)),
                new Document("_id", key(roomId, userId)).append("roomId", roomId).append("userId", userId)
                        .append("until", Date.from(until)).append("by", by),
                new ReplaceOptions().upsert(true));
    }

    public boolean unmute(String roomId, String userId) {
        return mutes.deleteOne(Filters.eq("_id", key(roomId, userId))).getDeletedCount() > 0;
    }

    public boolean banned(String roomId, String userId) {
        return bans.find(Filters.eq("_id", key(roomId, userId))).first() != null;
    }

    public List<String> bannedUsers(String roomId) {
        return bans.find(Filters.eq("roomId", roomId)).map(d -> d.getString("userId")).into(new ArrayList<>());
    }

    public void ban(String roomId, String userId, String by) {
        bans.replaceOne(Filters.eq("_id", key(roomId, userId)),
                new Document("_id", key(roomId, userId)).append("roomId", roomId).append("userId", userId)
                        .append("by", by).append("at", new Date()),
                new ReplaceOptions().upsert(true));
    }

    public boolean unban(String roomId, String userId) {
        return bans.deleteOne(Filters.eq("_id", key(roomId, userId))).getDeletedCount() > 0;
    }
}
