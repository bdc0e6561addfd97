/** Relay connections: opaque keyset cursors, page requests with a capped {@code first}, page info. */
package dev.encore.graphql.relay;
