/**
 * Fan-out between replicas through Kafka: publishing messages and signals (behind {@code model.ChatBroadcasts}) and
 * consuming them on every replica (delivered through {@code delivery}, signals fired as CDI events).
 */
package dev.encore.chat.fanout;
