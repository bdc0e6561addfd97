/** Who is online in a room, across replicas, through Redis heartbeats that expire. */
package dev.encore.chat.presence;
