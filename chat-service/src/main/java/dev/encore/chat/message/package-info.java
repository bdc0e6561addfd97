/** Chat messages: validation, storage with per-room sequence ids and idempotent resends, history and the JSON frames. */
package dev.encore.chat.message;
