/**
 * MongoDB clients built once per service from {@code MONGODB_URI}: the blocking driver for services that run on
 * virtual threads (identity, media), the reactive one for graphql-api, and the readiness {@link
 * dev.encore.support.mongo.MongoPing} through whichever the service uses.
 */
package dev.encore.support.mongo;
