/** Bearer tokens for every service: MP JWT 2.1 verification against the JWKS, role checks, invalid tokens refused. */
package dev.encore.support.security;
