/** Sign-in, refresh and sign-out over HTTP, with per-account and per-address brute-force limits in Redis. */
package dev.encore.identity.login;
