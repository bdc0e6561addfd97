/** The one Kafka layer of every service: client settings, producers with per-use profiles, every-replica listeners. */
package dev.encore.support.kafka;
