/** Refresh tokens: opaque, stored hashed, rotated by compare-and-set, revoked per session (family). */
package dev.encore.identity.refresh;
