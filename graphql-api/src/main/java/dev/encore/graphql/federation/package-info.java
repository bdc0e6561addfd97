/**
 * Apollo Federation 2: the types with {@code @Key(fields = "id")} resolve through {@code _entities} by the existing
 * {@code artist(id)}, {@code album(id)}, {@code song(id)}, {@code playlist(id)} and {@code liveEvent(id)} queries
 * (SmallRye matches a representation's fields to a query's arguments). Tests: {@code FederationIT}.
 */
package dev.encore.graphql.federation;
