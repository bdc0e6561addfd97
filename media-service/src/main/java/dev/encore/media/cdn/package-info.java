/** Working with the CDN (Cloudflare): cache headers, signed stream URLs checked at the edge and here, and purges. */
package dev.encore.media.cdn;
