/**
 * Rooms as this replica sees them: the sockets, their bounded send queues, in-order delivery of each room's messages,
 * and the JSON frames. Depends only on the root and {@code model}; reads missing ids through the
 * {@link dev.encore.chat.delivery.MissingMessages} port.
 */
package dev.encore.chat.delivery;
