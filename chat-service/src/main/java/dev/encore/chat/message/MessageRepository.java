package dev.encore.chat.message;

import java.util.List;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.encore.support.mongo.MongoReactive;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;

/** The {@code messages} collection (one document per sequence number of a room) and the per-room {@code counters}. */
@ApplicationScoped
public class MessageRepository {

    static final String CLIENT_INDEX = "room_user_client";

    /** What an insert found. */
    public enum Insert { STORED, DUPLICATE_CLIENT_ID, SEQ_TAKEN }

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> messages;
    private MongoCollection<Document> counters;

    @PostConstruct
    void init() {
        messages = database.getCollection("messages");
        counters = database.getCollection("counters");
    }

    /** Creates the indexes; idempotent, run at startup. */
    public Uni<Void> ensureIndexes() {
        return MongoReactive.first(messages.createIndex(
                        Indexes.ascending(MessageDocument.ROOM, MessageDocument.USER, MessageDocument.CLIENT),
                        new IndexOptions().unique(true).name(CLIENT_INDEX)))
                .chain(() -> MongoReactive.first(messages.createIndex(
                        Indexes.ascending(MessageDocument.ROOM, MessageDocument.SEQ), new IndexOptions().name("room_seq"))))
                .replaceWithVoid();
    }

    /** The room's next sequence number (1, 2, 3...). */
    public Uni<Long> nextSeq(String roomId) {
        return MongoReactive.first(counters.findOneAndUpdate(Filters.eq("_id", roomId), Updates.inc("seq", 1L),
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)))
                .map(d -> ((Number) d.get("seq")).longValue());
    }

    /** The highest sequence number handed out in the room so far, 0 when none. */
    public Uni<Long> lastSeq(String roomId) {
        return MongoReactive.first(counters.find(Filters.eq("_id", roomId)).first())
                .map(d -> d == null ? 0L : ((Number) d.get("seq")).longValue());
    }

    public Uni<Insert> insert(Message message) {
        return MongoReactive.first(messages.insertOne(MessageDocument.of(message)))
                .map(ignored -> Insert.STORED)
                .onFailure(MongoWriteException.class).recoverWithUni(e -> {
                    MongoWriteException write = (MongoWriteException) e;
                    if (write.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                        return Uni.createFrom().failure(e);
                    }
                    return Uni.createFrom().item(String.valueOf(write.getMessage()).contains(CLIENT_INDEX)
                            ? Insert.DUPLICATE_CLIENT_ID : Insert.SEQ_TAKEN);
                });
    }

    /** Claims {@code seq} for nobody. True when this call wrote the tombstone, false when the slot was already taken. */
    public Uni<Boolean> insertTombstone(String roomId, long seq) {
        return MongoReactive.first(messages.insertOne(MessageDocument.tombstone(roomId, seq)))
                .map(ignored -> true)
                .onFailure(e -> e instanceof MongoWriteException w
                        && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY)
                .recoverWithItem(false);
    }

    public Uni<Message> findByClientId(String roomId, String userId, String clientId) {
        return MongoReactive.first(messages.find(Filters.and(Filters.eq(MessageDocument.ROOM, roomId),
                        Filters.eq(MessageDocument.USER, userId), Filters.eq(MessageDocument.CLIENT, clientId))).first())
                .map(d -> d == null ? null : MessageDocument.toMessageEvenDeleted(d));
    }

    /** The message in this slot, deleted ones included (so a repeated delete is recognised), or null. */
    public Uni<Message> findBySeq(String roomId, long seq) {
        return MongoReactive.first(messages.find(Filters.eq("_id", MessageDocument.key(roomId, seq))).first())
                .map(d -> d == null ? null : MessageDocument.toMessageEvenDeleted(d));
    }

    /** Removes the text from history; true when this call deleted it. */
    public Uni<Boolean> markDeleted(String roomId, long seq) {
        return MongoReactive.first(messages.updateOne(
                        Filters.and(Filters.eq("_id", MessageDocument.key(roomId, seq)),
                                Filters.ne(MessageDocument.DELETED, true)),
                        Updates.combine(Updates.set(MessageDocument.DELETED, true), Updates.unset("text"))))
                .map(result -> result.getModifiedCount() > 0);
    }

    /** Slots with {@code seq > after}, ascending, at most {@code limit}. */
    public Uni<List<Slot>> after(String roomId, long after, int limit) {
        return MongoReactive.all(messages.find(Filters.and(Filters.eq(MessageDocument.ROOM, roomId),
                                Filters.gt(MessageDocument.SEQ, after)))
                        .sort(Sorts.ascending(MessageDocument.SEQ)).limit(limit))
                .map(Slot::of).collect().asList();
    }

    /** Slots with {@code after < seq <= upTo}, ascending. */
    public Uni<List<Slot>> between(String roomId, long after, long upTo) {
        return MongoReactive.all(messages.find(Filters.and(Filters.eq(MessageDocument.ROOM, roomId),
                                Filters.gt(MessageDocument.SEQ, after), Filters.lte(MessageDocument.SEQ, upTo)))
                        .sort(Sorts.ascending(MessageDocument.SEQ)))
                .map(Slot::of).collect().asList();
    }

    /** The latest {@code limit} slots, ascending. */
    public Uni<List<Slot>> latest(String roomId, int limit) {
        return MongoReactive.all(messages.find(Filters.eq(MessageDocument.ROOM, roomId))
                        .sort(Sorts.descending(MessageDocument.SEQ)).limit(limit))
                .map(Slot::of).collect().asList()
                .map(slots -> slots.reversed());
    }

    /** One sequence number of a room: its message, or null when it is a tombstone or was deleted. */
    public record Slot(long seq, Message message) {
        static Slot of(Document d) {
            return new Slot(MessageDocument.seq(d), MessageDocument.toMessage(d));
        }
    }
}
