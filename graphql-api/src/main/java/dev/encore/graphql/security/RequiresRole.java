package dev.encore.graphql.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * The GraphQL operation or field needs a caller with one of these roles; an empty list means any signed-in caller.
 * Enforced by {@link RoleCheckInterceptor} on every invocation, because SmallRye GraphQL ignores {@code @RolesAllowed}.
 * Every {@code @Mutation} must carry it (a test checks), so a new write cannot ship unprotected.
 */
@Inherited
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresRole {

    @Nonbinding
    String[] value() default {};
}
