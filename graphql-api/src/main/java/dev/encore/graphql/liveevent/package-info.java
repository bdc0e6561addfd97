/** Live events: a playlist played at a scheduled time, its lifecycle, now playing, and their GraphQL operations. */
package dev.encore.graphql.liveevent;
