package dev.encore.chat.message;

import java.util.List;

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
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.encore.chat.model.Message;
import dev.encore.chat.model.Slot;
import dev.encore.support.mongo.MongoReactive;
import io.smallrye.mutiny.Uni;
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
 * choosing an id and inserting it. (The earlier counter, {@code findOneAndUpdate} with {@code $inc}, left a hole for
 * every sender that failed in between, and mongo-java-server's is not even atomic across connections: it handed the
 * same number to two senders and skipped the next one.)
 */
@ApplicationScoped
public class MessageRepository {

    static final String CLIENT_INDEX = "room_user_client";

    /** Why an insert stopped: the id is taken, or this user already stored a message with this clientId. */
    public enum Conflict { SEQ, CLIENT_ID }

    /** The first {@code count} messages of an ordered insert are stored; {@code conflict} stopped the next one. */
    public record Stored(int count, Conflict conflict) { }

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> messages;

    @PostConstruct
    void init() {
        messages = database.getCollection("messages");
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

    /** The highest sequence number stored in the room (message, deleted message or tombstone), 0 when none. */
    public Uni<Long> lastSeq(String roomId) {
        return MongoReactive.first(messages.find(Filters.eq(MessageDocument.ROOM, roomId))
                        .sort(Sorts.descending(MessageDocument.SEQ)).projection(Projections.include(MessageDocument.SEQ))
                        .limit(1).first())
                .map(d -> d == null ? 0L : MessageDocument.seq(d));
    }

    /**
     * Stores the messages in list order (consecutive ids of one room) and stops at the first conflict: everything
     * before it is stored, nothing after it. {@link Conflict#SEQ} means another message holds that id, so every id
     * below it is taken too.
     */
    public Uni<Stored> insertInOrder(List<Message> batch) {
        return MongoReactive.first(messages.insertMany(batch.stream().map(MessageDocument::of).toList(),
                        new InsertManyOptions().ordered(true)))
                .map(ignored -> new Stored(batch.size(), null))
                .onFailure(MongoBulkWriteException.class).recoverWithUni(e -> {
                    // Ordered: one error at most, at the first message that did not go in.
                    BulkWriteError error = ((MongoBulkWriteException) e).getWriteErrors().getFirst();
                    if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                        return Uni.createFrom().failure(e);
                    }
                    return Uni.createFrom().item(new Stored(error.getIndex(),
                            String.valueOf(error.getMessage()).contains(CLIENT_INDEX) ? Conflict.CLIENT_ID : Conflict.SEQ));
                });
    }

    /**
     * Claims {@code seq} for nobody. True when this call wrote the tombstone, false when the slot was already taken.
     * Only a hole in data written by a version that drew ids from a counter before inserting needs one: such holes
     * can still be in a database that version wrote to.
     */
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
                .map(MessageDocument::slot).collect().asList();
    }

    /** Slots with {@code after < seq <= upTo}, ascending. */
    public Uni<List<Slot>> between(String roomId, long after, long upTo) {
        return MongoReactive.all(messages.find(Filters.and(Filters.eq(MessageDocument.ROOM, roomId),
                                Filters.gt(MessageDocument.SEQ, after), Filters.lte(MessageDocument.SEQ, upTo)))
                        .sort(Sorts.ascending(MessageDocument.SEQ)))
                .map(MessageDocument::slot).collect().asList();
    }

    /** The latest {@code limit} slots, ascending. */
    public Uni<List<Slot>> latest(String roomId, int limit) {
        return MongoReactive.all(messages.find(Filters.eq(MessageDocument.ROOM, roomId))
                        .sort(Sorts.descending(MessageDocument.SEQ)).limit(limit))
                .map(MessageDocument::slot).collect().asList()
                .map(slots -> slots.reversed());
    }
}
