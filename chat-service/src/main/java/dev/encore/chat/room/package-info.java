/** Rooms as this replica sees them: the WebSocket endpoint, its sockets, and in-order delivery to them. */
package dev.encore.chat.room;
