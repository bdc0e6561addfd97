/** Catalog events on Kafka: published on every write, consumed by every replica to evict its cache. */
package dev.encore.graphql.events;
