/** The Swagger UI every REST service serves over its own {@code /openapi} document, offline, from a webjar. */
package dev.encore.support.openapi;
