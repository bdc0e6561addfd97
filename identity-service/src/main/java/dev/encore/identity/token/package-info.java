/** Access tokens: MicroProfile JWT 2.1 claims, signed with the active key. */
package dev.encore.identity.token;
