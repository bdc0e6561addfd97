package dev.encore.chat;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The typed {@code chat.*} configuration; defaults and meanings are in microprofile-config.properties and the README. */
@ApplicationScoped
public class ChatConfig {

    @Inject @ConfigProperty(name = "chat.history.size", defaultValue = "50") int historySize;
    @Inject @ConfigProperty(name = "chat.history.max", defaultValue = "500") int historyMax;
    @Inject @ConfigProperty(name = "chat.rate-limit.messages", defaultValue = "5") int rateLimitMessages;
    @Inject @ConfigProperty(name = "chat.rate-limit.window", defaultValue = "PT10S") Duration rateLimitWindow;
    @Inject @ConfigProperty(name = "chat.max-frame-bytes", defaultValue = "16384") int maxFrameBytes;
    @Inject @ConfigProperty(name = "chat.max-sockets-per-user", defaultValue = "5") int maxSocketsPerUser;
    @Inject @ConfigProperty(name = "chat.garbage-limit", defaultValue = "5") int garbageLimit;
    @Inject @ConfigProperty(name = "chat.send-queue", defaultValue = "2048") int sendQueue;
    @Inject @ConfigProperty(name = "chat.ping-interval", defaultValue = "PT30S") Duration pingInterval;
    @Inject @ConfigProperty(name = "chat.idle-timeout", defaultValue = "PT2M") Duration idleTimeout;
    @Inject @ConfigProperty(name = "chat.typing-interval", defaultValue = "PT3S") Duration typingInterval;
    @Inject @ConfigProperty(name = "chat.gap-wait", defaultValue = "PT0.2S") Duration gapWait;
    @Inject @ConfigProperty(name = "chat.gap-give-up", defaultValue = "PT5S") Duration gapGiveUp;
    @Inject @ConfigProperty(name = "chat.presence.heartbeat", defaultValue = "PT15S") Duration presenceHeartbeat;
    @Inject @ConfigProperty(name = "chat.presence.ttl", defaultValue = "PT60S") Duration presenceTtl;
    @Inject @ConfigProperty(name = "chat.refresh-interval", defaultValue = "PT5S") Duration refreshInterval;
    @Inject @ConfigProperty(name = "chat.unavailable-retry-after", defaultValue = "PT2S") Duration unavailableRetryAfter;

    public int historySize() { return historySize; }
    public int historyMax() { return historyMax; }
    public int rateLimitMessages() { return rateLimitMessages; }
    public Duration rateLimitWindow() { return rateLimitWindow; }
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
