/** media-service as graphql-api uses it: stream URLs of songs' audio. */
package dev.encore.graphql.media;
