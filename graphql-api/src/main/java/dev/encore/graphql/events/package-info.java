/**
 * Catalog events on Kafka: published on every write, consumed by every replica to evict its cache; the per-replica
 * Kafka listener, and the readiness check that waits for it and for the subscriptions listener.
 */
package dev.encore.graphql.events;
