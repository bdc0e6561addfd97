/** Readiness checks for the backing services a service really uses (chosen by {@code health.dependencies}). */
package dev.encore.support.health;
