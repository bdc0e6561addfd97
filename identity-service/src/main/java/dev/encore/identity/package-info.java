/** identity-service: accounts, login, JWT access tokens (JWKS), refresh tokens and roles. */
package dev.encore.identity;
