/** The catalog's read cache: in-process and Redis, evicted on writes and by every replica on catalog events. */
package dev.encore.graphql.cache;
