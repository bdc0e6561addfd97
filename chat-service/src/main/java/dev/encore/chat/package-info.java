/** chat-service: live chat rooms over WebSocket. */
package dev.encore.chat;
