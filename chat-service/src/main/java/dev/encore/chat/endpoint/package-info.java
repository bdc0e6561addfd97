/**
 * The edges of the service: the WebSocket endpoint and its handshake guard, the REST resources (moderation, plain
 * HTTP on socket URLs) and the periodic maintenance that spans delivery, presence and moderation.
 */
package dev.encore.chat.endpoint;
