package dev.encore.support.events;

import java.time.Instant;

/**
 * On {@value Topics#CHAT_SIGNALS}, key {@code roomId}: something every replica with sockets in the room must act on, but that is
 * not a stored message. {@code TYPING} is relayed; {@code PRESENCE} makes replicas re-read the room's presence;
 * {@code BAN} closes the user's sockets; {@code MODERATION} (mute, unmute, unban, settings) drops cached standing.
 * Chat-service is the only producer and consumer; {@code instanceId} lets a replica skip what it already did locally.
 */
public record ChatSignal(Kind kind, String roomId, String userId, String displayName, String instanceId, Instant at) {

    public enum Kind { TYPING, PRESENCE, BAN, MODERATION }
}
