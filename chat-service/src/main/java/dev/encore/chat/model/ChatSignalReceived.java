package dev.encore.chat.model;

import dev.encore.support.events.ChatSignal;

/**
 * A CDI event fired (synchronously, on the Kafka listener's thread) for every signal read from {@code chat-signals}:
 * moderation and presence observe it instead of being called by the listener. {@code mine}: this replica sent it.
 */
public record ChatSignalReceived(ChatSignal signal, boolean mine) {
}
