/** Signing keys (configured PEM or generated), rotation, the JWKS and the discovery document. */
package dev.encore.identity.key;
