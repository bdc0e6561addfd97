/**
 * Readiness checks for the backing services a service really uses (chosen by {@code health.dependencies}), and the
 * policy of when their failure makes a replica unready ({@link dev.encore.support.health.DependencyStatus}).
 */
package dev.encore.support.health;
