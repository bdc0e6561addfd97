/** HTTP rules every service's JAX-RS endpoints share, such as the request body size limit. */
package dev.encore.support.http;
