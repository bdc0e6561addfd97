/** graphql-api: the GraphQL API over the catalog, playlists and live events. */
package dev.encore.graphql;
