/**
 * graphql-api's two every-replica Kafka listeners, over service-support's shared layer: catalog events evict this
 * replica's cache, playlist and live-event changes feed its subscribers; plus the readiness check that waits for both.
 * What graphql-api sends is in {@code publishing}, so the features that publish never depend on the listeners that
 * call back into them.
 */
package dev.encore.graphql.kafka;
