/** Who calls a GraphQL operation and what they may do: the caller in the execution context, role checks. */
package dev.encore.graphql.security;
