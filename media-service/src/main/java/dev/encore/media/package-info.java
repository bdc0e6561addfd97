/** media-service: audio upload and byte-exact ranged delivery behind the CDN. */
package dev.encore.media;
