/** The music catalog: artists, albums and songs, their storage, rules, cache use and GraphQL operations. */
package dev.encore.graphql.catalog;
