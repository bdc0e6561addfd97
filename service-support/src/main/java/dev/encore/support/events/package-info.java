/**
 * The Kafka events catalogue: every topic, its key and its JSON payload, defined once here and tabled in
 * {@code docs/events.md}. Producers and consumers in every service (and their tests) use these names and records.
 */
package dev.encore.support.events;
