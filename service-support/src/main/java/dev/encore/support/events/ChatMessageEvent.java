package dev.encore.support.events;

import java.time.Instant;

/**
 * On {@value Topics#CHAT_MESSAGES}, key {@code roomId}: a chat message was accepted ({@code MESSAGE}) or deleted
 * ({@code DELETED}, only {@code id} and {@code roomId} meaningful). Ids order messages within a room.
 */
public record ChatMessageEvent(Kind kind, String id, String roomId, String userId, String displayName, String text,
                               String clientId, Instant ts) {

    public enum Kind { MESSAGE, DELETED }
}
