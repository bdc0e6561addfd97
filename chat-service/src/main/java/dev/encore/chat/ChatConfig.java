package dev.encore.chat;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The typed {@code chat.*} configuration. Defaults and meanings are written once, in microprofile-config.properties
 * (and the README's table): a key missing there fails the start instead of silently taking a second default.
 */
@ApplicationScoped
public class ChatConfig {

    @Inject @ConfigProperty(name = "chat.history.size") int historySize;
    @Inject @ConfigProperty(name = "chat.history.max") int historyMax;
    @Inject @ConfigProperty(name = "chat.rate-limit.messages") int rateLimitMessages;
    @Inject @ConfigProperty(name = "chat.rate-limit.window") Duration rateLimitWindow;
    @Inject @ConfigProperty(name = "chat.rate-limit.local-for") Duration rateLimitLocalFor;
    @Inject @ConfigProperty(name = "chat.max-frame-bytes") int maxFrameBytes;
    @Inject @ConfigProperty(name = "chat.max-sockets-per-user") int maxSocketsPerUser;
    @Inject @ConfigProperty(name = "chat.garbage-limit") int garbageLimit;
    @Inject @ConfigProperty(name = "chat.send-queue") int sendQueue;
    @Inject @ConfigProperty(name = "chat.ping-interval") Duration pingInterval;
    @Inject @ConfigProperty(name = "chat.idle-timeout") Duration idleTimeout;
    @Inject @ConfigProperty(name = "chat.typing-interval") Duration typingInterval;
    @Inject @ConfigProperty(name = "chat.gap-wait") Duration gapWait;
    @Inject @ConfigProperty(name = "chat.gap-give-up") Duration gapGiveUp;
    @Inject @ConfigProperty(name = "chat.presence.heartbeat") Duration presenceHeartbeat;
    @Inject @ConfigProperty(name = "chat.presence.ttl") Duration presenceTtl;
    @Inject @ConfigProperty(name = "chat.refresh-interval") Duration refreshInterval;
    @Inject @ConfigProperty(name = "chat.unavailable-retry-after") Duration unavailableRetryAfter;

    public int historySize() { return historySize; }
    public int historyMax() { return historyMax; }
    public int rateLimitMessages() { return rateLimitMessages; }
    public Duration rateLimitWindow() { return rateLimitWindow; }
    public Duration rateLimitLocalFor() { return rateLimitLocalFor; }
    public int maxFrameBytes() { return maxFrameBytes; }
    public int maxSocketsPerUser() { return maxSocketsPerUser; }
    public int garbageLimit() { return garbageLimit; }
    public int sendQueue() { return sendQueue; }
    public Duration pingInterval() { return pingInterval; }
    public Duration idleTimeout() { return idleTimeout; }
    public Duration typingInterval() { return typingInterval; }
    public Duration gapWait() { return gapWait; }
    public Duration gapGiveUp() { return gapGiveUp; }
    public Duration presenceHeartbeat() { return presenceHeartbeat; }
    public Duration presenceTtl() { return presenceTtl; }
    public Duration refreshInterval() { return refreshInterval; }
    public Duration unavailableRetryAfter() { return unavailableRetryAfter; }
}
