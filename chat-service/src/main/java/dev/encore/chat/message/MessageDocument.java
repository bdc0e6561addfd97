package dev.encore.chat.message;

import java.time.Instant;
import java.util.Date;

import dev.encore.chat.model.Message;
import dev.encore.chat.model.Slot;
import org.bson.Document;

/**
 * The MongoDB shape of a message slot in {@code messages}. Every sequence number of a room has exactly one document:
 * a message, a deleted message ({@code deleted: true}, text removed) or a tombstone for a number that was burned
 * (the insert lost a race or turned out to be a resend). Keeping the sequence dense is what lets a replica tell a
 * message that is late from one that will never come.
 */
final class MessageDocument {

    static final String ROOM = "roomId";
    static final String SEQ = "seq";
    static final String USER = "userId";
    static final String CLIENT = "clientId";
    static final String DELETED = "deleted";
    static final String TOMBSTONE = "tombstone";

    private MessageDocument() {
    }

    static String key(String roomId, long seq) {
        return roomId + "/" + Message.formatId(seq);
    }

    static Document of(Message m) {
        return new Document("_id", key(m.roomId(), m.seq()))
                .append(ROOM, m.roomId())
                .append(SEQ, m.seq())
                .append(USER, m.userId())
                .append("displayName", m.displayName())
                .append("text", m.text())
                .append(CLIENT, m.clientId())
                .append("ts", Date.from(m.ts()));
    }

    /** A burned number; user and clientId are unique placeholders so the (room, user, clientId) index accepts it. */
    static Document tombstone(String roomId, long seq) {
        return new Document("_id", key(roomId, seq))
                .append(ROOM, roomId)
                .append(SEQ, seq)
                .append(USER, "~")
                .append(CLIENT, "~" + seq)
                .append(TOMBSTONE, true);
    }

    /** The message, or null when this slot holds no visible message (tombstone or deleted). */
    static Message toMessage(Document d) {
        if (!visible(d)) {
            return null;
        }
        Date ts = d.getDate("ts");
        return new Message(Message.formatId(seq(d)), d.getString(ROOM), d.getString(USER), d.getString("displayName"),
                d.getString("text"), ts == null ? null : ts.toInstant(), d.getString(CLIENT));
    }

    /** Like {@link #toMessage} but keeps deleted messages, whose author still matters for a repeated delete. */
    static Message toMessageEvenDeleted(Document d) {
        if (Boolean.TRUE.equals(d.getBoolean(TOMBSTONE))) {
            return null;
        }
        Date ts = d.getDate("ts");
        return new Message(Message.formatId(seq(d)), d.getString(ROOM), d.getString(USER), d.getString("displayName"),
                d.getString("text"), ts == null ? Instant.EPOCH : ts.toInstant(), d.getString(CLIENT));
    }

    static Slot slot(Document d) {
        return new Slot(seq(d), toMessage(d));
    }

    static boolean visible(Document d) {
        return !Boolean.TRUE.equals(d.getBoolean(TOMBSTONE)) && !Boolean.TRUE.equals(d.getBoolean(DELETED));
    }

    static long seq(Document d) {
        return ((Number) d.get(SEQ)).longValue();
    }
}
