package dev.encore.graphql.security;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Enforces {@link RequiresRole} on GraphQL API beans. Runs on the thread SmallRye invokes the resolver on, where its
 * context (and so the caller) is current; a refusal becomes a GraphQL error with its code, not an HTTP status.
 */
@RequiresRole
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 200)
public class RoleCheckInterceptor {

    @AroundInvoke
    Object check(InvocationContext invocation) throws Exception {
        RequiresRole rule = invocation.getMethod().getAnnotation(RequiresRole.class);
        if (rule == null) {
            rule = invocation.getMethod().getDeclaringClass().getAnnotation(RequiresRole.class);
        }
        if (rule != null) {
            Callers.require(rule.value());
        }
        return invocation.proceed();
    }
}
