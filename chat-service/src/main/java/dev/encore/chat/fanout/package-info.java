/** Fan-out between replicas through Kafka: publishing messages and signals, and consuming them on every replica. */
package dev.encore.chat.fanout;
