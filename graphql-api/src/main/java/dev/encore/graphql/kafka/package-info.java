/**
 * graphql-api on Kafka, over service-support's shared layer: its events going out (catalog, playlist and live-event
 * changes), and the two every-replica listeners coming in: catalog events evict this replica's cache, playlist and
 * live-event changes feed its subscribers. Plus the readiness check that waits for both listeners.
 */
package dev.encore.graphql.kafka;
