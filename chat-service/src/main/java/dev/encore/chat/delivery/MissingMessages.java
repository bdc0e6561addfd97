package dev.encore.chat.delivery;

import java.util.List;

import dev.encore.chat.model.Slot;

/**
 * Where {@link LocalRooms} reads the ids of a room that Kafka has not brought (yet): the message store. A port, so
 * that delivery does not depend on the message rules that implement it. Both calls block (up to a few seconds) and
 * throw when the store does not answer.
 */
public interface MissingMessages {

    /** Slots with {@code after < seq <= upTo}, ascending. */
    List<Slot> between(String roomId, long after, long upTo);

    /** Claims {@code seq} with a tombstone; true when this call claimed it, false when the slot was already taken. */
    boolean claim(String roomId, long seq);
}
