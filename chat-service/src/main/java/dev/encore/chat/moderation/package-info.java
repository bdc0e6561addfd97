/** Keeping rooms civil: slow mode, mutes, bans, rate limits, and the moderators' REST API. */
package dev.encore.chat.moderation;
