/** Bearer-token handling shared by every service: invalid tokens are refused, never treated as anonymous. */
package dev.encore.support.security;
