/** GraphQL over HTTP: the {@code /graphql} route (a Helidon route ahead of JAX-RS), the SDL, and HTTP caching. */
package dev.encore.graphql.http;
