/**
 * The values every layer shares (messages, room ids, rejections), the ports the rules announce through
 * ({@link dev.encore.chat.model.ChatBroadcasts}) and the CDI events the Kafka adapter fires.
 */
package dev.encore.chat.model;
