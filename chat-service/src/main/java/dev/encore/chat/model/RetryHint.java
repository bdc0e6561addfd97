package dev.encore.chat.model;

import java.util.concurrent.ThreadLocalRandom;

import dev.encore.chat.ChatConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The {@code retryAfterMs} of an {@code UNAVAILABLE} frame: {@code chat.unavailable-retry-after} plus up to half of it
 * again at random. When the broker or MongoDB stalls, every sender in every room gets UNAVAILABLE within the same few
 * seconds; without the spread they would all resend in the same millisecond the moment the hint runs out.
 */
@ApplicationScoped
public class RetryHint {

    @Inject
    ChatConfig config;

    public long millis() {
        long base = Math.max(1, config.unavailableRetryAfter().toMillis());
        return base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }
}
