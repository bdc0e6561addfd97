package dev.encore.chat.model;

/** One sequence number of a room: its message, or a null message when it is a tombstone or was deleted. */
public record Slot(long seq, Message message) {
}
