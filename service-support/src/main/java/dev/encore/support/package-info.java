/** What every Encore service shares: backing-service wiring, readiness, errors and events; no service logic. */
package dev.encore.support;
