/** Chat messages: validation, storage with per-room sequence ids and idempotent resends, history, and the gap fill. */
package dev.encore.chat.message;
