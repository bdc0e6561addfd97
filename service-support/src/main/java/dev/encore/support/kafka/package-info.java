/** Kafka settings shared by Reactive Messaging and the admin client behind readiness. */
package dev.encore.support.kafka;
