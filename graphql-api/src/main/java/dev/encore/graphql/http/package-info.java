/** GraphQL over HTTP: the {@code /graphql} resource, the SDL, and the GraphiQL page's header repair. */
package dev.encore.graphql.http;
