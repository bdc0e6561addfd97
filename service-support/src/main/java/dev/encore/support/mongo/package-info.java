/** The reactive MongoDB client, built once per service from {@code MONGODB_URI}. */
package dev.encore.support.mongo;
