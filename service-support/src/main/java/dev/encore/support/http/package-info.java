/**
 * HTTP rules every service shares: request framing ({@code Content-Length}), how long a body may take, how large and
 * how deeply nested (JSON) it may be, and the {@code Date} header.
 */
package dev.encore.support.http;
