package dev.encore.support.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public JAX-RS endpoint whose job is issuing or revoking tokens (sign-in, registration, refresh, sign-out,
 * the JWKS): {@link BearerTokenFilter} ignores the Authorization header there entirely. Clients that attach their
 * bearer to every request would otherwise be locked out of the refresh exactly when the access token expires.
 * Elsewhere a present but invalid token stays a 401, public endpoints included. Combine with {@code @PermitAll}:
 * the caller is always anonymous here, so anything stricter could never be met.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface IgnoresBearerToken {
}
