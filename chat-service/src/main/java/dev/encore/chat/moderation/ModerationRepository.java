package dev.encore.chat.moderation;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.encore.support.mongo.MongoReactive;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;

/** {@code rooms} (settings), {@code mutes} and {@code bans}; ids are {@code roomId/userId} so each pair has one document. */
@ApplicationScoped
public class ModerationRepository {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> rooms;
    private MongoCollection<Document> mutes;
    private MongoCollection<Document> bans;

    @PostConstruct
    void init() {
        rooms = database.getCollection("rooms");
        mutes = database.getCollection("mutes");
        bans = database.getCollection("bans");
    }

    static String key(String roomId, String userId) {
        return roomId + "/" + userId;
    }

    public Uni<Integer> slowModeSeconds(String roomId) {
        return MongoReactive.first(rooms.find(Filters.eq("_id", roomId)).first())
                .map(d -> d == null ? 0 : d.getInteger("slowModeSeconds", 0));
    }

    public Uni<Void> setSlowModeSeconds(String roomId, int seconds, String by) {
        return MongoReactive.first(rooms.updateOne(Filters.eq("_id", roomId),
                Updates.combine(Updates.set("slowModeSeconds", seconds), Updates.set("updatedBy", by),
                        Updates.set("updatedAt", new Date())), new UpdateOptions().upsert(true))).replaceWithVoid();
    }

    /** When the user's mute in the room ends, or null when not muted (an expired mute counts as none). */
    public Uni<Instant> mutedUntil(String roomId, String userId) {
        return MongoReactive.first(mutes.find(Filters.eq("_id", key(roomId, userId))).first())
                .map(d -> {
                    if (d == null) {
                        return null;
                    }
                    Instant until = d.getDate("until").toInstant();
                    return until.isAfter(Instant.now()) ? until : null;
                });
    }

    public Uni<Void> mute(String roomId, String userId, Instant until, String by) {
        return MongoReactive.first(mutes.replaceOne(Filters.eq("_id", key(roomId, userId)),
                new Document("_id", key(roomId, userId)).append("roomId", roomId).append("userId", userId)
                        .append("until", Date.from(until)).append("by", by),
                new ReplaceOptions().upsert(true))).replaceWithVoid();
    }

    public Uni<Boolean> unmute(String roomId, String userId) {
        return MongoReactive.first(mutes.deleteOne(Filters.eq("_id", key(roomId, userId))))
                .map(r -> r.getDeletedCount() > 0);
    }

    public Uni<Boolean> banned(String roomId, String userId) {
        return MongoReactive.first(bans.find(Filters.eq("_id", key(roomId, userId))).first()).map(d -> d != null);
    }

    public Uni<List<String>> bannedUsers(String roomId) {
        return MongoReactive.all(bans.find(Filters.eq("roomId", roomId))).map(d -> d.getString("userId"))
                .collect().asList();
    }

    public Uni<Void> ban(String roomId, String userId, String by) {
        return MongoReactive.first(bans.replaceOne(Filters.eq("_id", key(roomId, userId)),
                new Document("_id", key(roomId, userId)).append("roomId", roomId).append("userId", userId)
                        .append("by", by).append("at", new Date()),
                new ReplaceOptions().upsert(true))).replaceWithVoid();
    }

    public Uni<Boolean> unban(String roomId, String userId) {
        return MongoReactive.first(bans.deleteOne(Filters.eq("_id", key(roomId, userId))))
                .map(r -> r.getDeletedCount() > 0);
    }
}
