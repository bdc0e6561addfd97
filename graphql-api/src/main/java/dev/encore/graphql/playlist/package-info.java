/** Playlists: ordered song lists owned by a user, edited with atomic conditional updates, published on playlist-events. */
package dev.encore.graphql.playlist;
