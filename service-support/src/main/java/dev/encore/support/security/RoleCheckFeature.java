package dev.encore.support.security;

import java.lang.reflect.AnnotatedElement;
import java.util.List;

import dev.encore.support.problem.Problem;
import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Enforces {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on JAX-RS resources (method annotations
 * win over class ones). Secure by default: a resource method with none of them needs an authenticated caller.
 * No caller where one is needed is a 401; a caller without the role is a 403. {@code OPTIONS} is never checked: it
 * only describes the resource (its Allow header), and CORS preflights cannot send credentials.
 */
@Provider
@ApplicationScoped
public class RoleCheckFeature implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Rule rule = rule(resource.getResourceMethod());
        if (rule == null) {
            rule = rule(resource.getResourceClass());
        }
        if (rule == null) {
            rule = Rule.AUTHENTICATED;
        }
        if (rule != Rule.PERMIT_ALL) {
            context.register(new RoleCheck(rule));
        }
    }

    private static Rule rule(AnnotatedElement element) {
        if (element.isAnnotationPresent(DenyAll.class)) {
            return Rule.DENY_ALL;
        }
        if (element.isAnnotationPresent(PermitAll.class)) {
            return Rule.PERMIT_ALL;
        }
        RolesAllowed roles = element.getAnnotation(RolesAllowed.class);
        return roles == null ? null : new Rule(List.of(roles.value()), false);
    }

    /** Who may call: any authenticated caller when {@code roles} is empty, else one of {@code roles}. */
    record Rule(List<String> roles, boolean deny) {
        static final Rule DENY_ALL = new Rule(List.of(), true);
        static final Rule PERMIT_ALL = new Rule(List.of("*"), false);
        static final Rule AUTHENTICATED = new Rule(List.of(), false);
    }

    @Priority(Priorities.AUTHORIZATION)
    private record RoleCheck(Rule rule) implements ContainerRequestFilter {

        @Override
        public void filter(ContainerRequestContext request) {
            var security = request.getSecurityContext();
            if (HttpMethod.OPTIONS.equals(request.getMethod())) {
                return;
            }
            if (rule.deny()) {
                request.abortWith(Problem.of(Response.Status.FORBIDDEN, "Nobody may call this operation.").toResponse());
            } else if (security == null || security.getUserPrincipal() == null) {
                request.abortWith(Response.fromResponse(
                                Problem.of(Response.Status.UNAUTHORIZED, "A valid bearer token is required.")
                                        .toResponse())
                                          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"encore\"")
                                          .build());
            } else if (!rule.roles().isEmpty() && rule.roles().stream().noneMatch(security::isUserInRole)) {
                request.abortWith(Problem.of(Response.Status.FORBIDDEN,
                        "This operation needs one of the roles " + rule.roles() + ".").toResponse());
            }
        }
    }
}
