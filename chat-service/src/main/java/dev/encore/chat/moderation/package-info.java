/** Keeping rooms civil: slow mode, mutes, bans and rate limits (the REST API is in {@code endpoint}). */
package dev.encore.chat.moderation;
