/** The restart-safe, single-leader scheduler that drives live events: a fenced lease in MongoDB, ticks and timers. */
package dev.encore.graphql.scheduler;
