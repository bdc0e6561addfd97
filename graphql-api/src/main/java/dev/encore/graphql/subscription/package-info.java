/** GraphQL subscriptions: the per-replica fan-out fed from Kafka, and the WebSocket transport at /graphql. */
package dev.encore.graphql.subscription;
