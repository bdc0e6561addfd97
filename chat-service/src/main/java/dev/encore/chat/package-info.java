/**
 * chat-service: live chat rooms over WebSocket. The root holds what every layer uses (typed config, metrics) and
 * imports none of its subpackages. Layers, each depending only on those below it: {@code model} (values, ports,
 * events) → {@code delivery} (sockets and in-order delivery) → {@code moderation}, {@code presence}, {@code message}
 * (the rules; message asks moderation) → {@code fanout} (the Kafka adapter) → {@code endpoint} (WebSocket, REST,
 * maintenance). {@code ImportGraphTest} keeps it so.
 */
package dev.encore.chat;
