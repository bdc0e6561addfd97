/**
 * graphql-api's events going out (catalog, playlist and live-event changes), fire-and-forget through service-support's
 * shared Kafka layer with graphql's producer profile.
 */
package dev.encore.graphql.publishing;
