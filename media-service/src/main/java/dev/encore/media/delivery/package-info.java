/** Serving stored audio over HTTP: RFC 9110 ranges, conditional requests, validators and CDN cache headers. */
package dev.encore.media.delivery;
