package dev.encore.chat.message;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.encore.chat.model.Message;
import dev.encore.chat.model.Slot;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;

/**
 * The {@code messages} collection: one document per sequence number of a room, {@code _id = roomId/seq}.
 *
 * <p>Ids are not drawn from a counter: messages are inserted at the room's next id and an insert that finds its id
 * taken (duplicate {@code _id}) tries a later one. So a number exists only once a document holds it, and id n+1 is
 * only ever stored after id n: the sequence has no holes for replicas to wait on, whatever happens to a sender between
 * choosing an id and inserting it. (A counter, {@code findOneAndUpdate} with {@code $inc}, would leave a hole for
 * every sender that fails in between, and mongo-java-server's is not even atomic across connections: it hands the
 * same number to two senders and skips the next one.)
 *
 * <p>Blocking calls on the synchronous driver (callers run on virtual threads: a socket's, a room writer's). Each
 * operation is bounded by the driver's client-side operation timeout ({@code timeoutMS}, {@link #TIMEOUT_SECONDS} s,
 * index creation {@link #INDEX_TIMEOUT_SECONDS} s); running out throws {@code MongoOperationTimeoutException}.
 */
@ApplicationScoped
public class MessageRepository {

    static final String CLIENT_INDEX = "room_user_client";

    /** Why an insert stopped: the id is taken, or this user already stored a message with this clientId. */
    public enum Conflict { SEQ, CLIENT_ID }

    /** The first {@code count} messages of an ordered insert are stored; {@code conflict} stopped the next one. */
    public record Stored(int count, Conflict conflict) { }

    /** How long one read or write may take. */
    static final long TIMEOUT_SECONDS = 5;
    static final long INDEX_TIMEOUT_SECONDS = 10;

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> messages;

    @PostConstruct
    void init() {
        messages = database.getCollection("messages").withTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Creates the indexes; idempotent, run at startup. */
    public void ensureIndexes() {
        MongoCollection<Document> slow = messages.withTimeout(INDEX_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        slow.createIndex(Indexes.ascending(MessageDocument.ROOM, MessageDocument.USER, MessageDocument.CLIENT),
                new IndexOptions().unique(true).name(CLIENT_INDEX));
        slow.createIndex(Indexes.ascending(MessageDocument.ROOM, MessageDocument.SEQ), new IndexOptions().name("room_seq"));
    }

    /** The highest sequence number stored in the room (message, deleted message or tombstone), 0 when none. */
    public long lastSeq(String roomId) {
        Document last = messages.find(Filters.eq(MessageDocument.ROOM, roomId))
                .sort(Sorts.descending(MessageDocument.SEQ)).projection(Projections.include(MessageDocument.SEQ))
                .limit(1).first();
        return last == null ? 0L : MessageDocument.seq(last);
    }

    /**
     * Stores the messages in list order (consecutive ids of one room) and stops at the first conflict: everything
     * before it is stored, nothing after it. {@link Conflict#SEQ} means another message holds that id, so every id
     * below it is taken too.
     */
    public Stored insertInOrder(List<Message> batch) {
        try {
            messages.insertMany(batch.stream().map(MessageDocument::of).toList(), new InsertManyOptions().ordered(true));
            return new Stored(batch.size(), null);
        } catch (MongoBulkWriteException e) {
            // Ordered: one error at most, at the first message that did not go in.
            BulkWriteError error = e.getWriteErrors().getFirst();
            if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return new Stored(error.getIndex(),
                    String.valueOf(error.getMessage()).contains(CLIENT_INDEX) ? Conflict.CLIENT_ID : Conflict.SEQ);
        }
    }

    /**
     * Claims {@code seq} for nobody. True when this call wrote the tombstone, false when the slot was already taken.
     * Only a hole in data written by a version that drew ids from a counter before inserting needs one: such holes
     * can still be in a database that version wrote to.
     */
    public boolean insertTombstone(String roomId, long seq) {
        try {
            messages.insertOne(MessageDocument.tombstone(roomId, seq));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    public Message findByClientId(String roomId, String userId, String clientId) {
        Document d = messages.find(Filters.and(Filters.eq(MessageDocument.ROOM, roomId),
                Filters.eq(MessageDocument.USER, userId), Filters.eq(MessageDocument.CLIENT, clientId))).first();
        return d == null ? null : MessageDocument.toMessageEvenDeleted(d);
    }

    /** The message in this slot, deleted ones included (so a repeated delete is recognised), or null. */
    public Message findBySeq(String roomId, long seq) {
        Document d = messages.find(Filters.eq("_id", MessageDocument.key(roomId, seq))).first();
        return d == null ? null : MessageDocument.toMessageEvenDeleted(d);
    }

    /** Removes the text from history; true when this call deleted it. */
    public boolean markDeleted(String roomId, long seq) {
        return messages.updateOne(
                        Filters.and(Filters.eq("_id", MessageDocument.key(roomId, seq)),
                                Filters.ne(MessageDocument.DELETED, true)),
                        Updates.combine(Updates.set(MessageDocument.DELETED, true), Updates.unset("text")))
                .getModifiedCount() > 0;
    }

    /** Slots with {@code seq > after}, ascending, at most {@code limit}. */
    public List<Slot> after(String roomId, long after, int limit) {
        return messages.find(Filters.and(Filters.eq(MessageDocument.ROOM, roomId), Filters.gt(MessageDocument.SEQ, after)))
                .sort(Sorts.ascending(MessageDocument.SEQ)).limit(limit)
                .map(MessageDocument::slot).into(new ArrayList<>());
    }

    /** Slots with {@code after < seq <= upTo}, ascending. */
    public List<Slot> between(String roomId, long after, long upTo) {
        return messages.find(Filters.and(Filters.eq(MessageDocument.ROOM, roomId),
                        Filters.gt(MessageDocument.SEQ, after), Filters.lte(MessageDocument.SEQ, upTo)))
                .sort(Sorts.ascending(MessageDocument.SEQ))
                .map(MessageDocument::slot).into(new ArrayList<>());
    }

    /** The latest {@code limit} slots, ascending. */
    public List<Slot> latest(String roomId, int limit) {
        return messages.find(Filters.eq(MessageDocument.ROOM, roomId))
                .sort(Sorts.descending(MessageDocument.SEQ)).limit(limit)
                .map(MessageDocument::slot).into(new ArrayList<>()).reversed();
    }
}
