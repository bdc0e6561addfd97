/** SmallRye GraphQL inside Helidon: schema bootstrap, request checks and limits, execution, error codes. */
package dev.encore.graphql.engine;
