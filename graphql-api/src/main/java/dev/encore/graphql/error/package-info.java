/** The error codes of the GraphQL API and the exception resolvers throw to answer with one. */
package dev.encore.graphql.error;
