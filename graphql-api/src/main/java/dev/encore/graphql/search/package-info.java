/** Catalog search: normalized word-prefix keys, three index-backed queries per kind, ranked merge. */
package dev.encore.graphql.search;
