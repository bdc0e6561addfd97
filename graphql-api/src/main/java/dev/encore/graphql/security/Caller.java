package dev.encore.graphql.security;

import java.util.Arrays;
import java.util.Set;

import dev.encore.support.security.AccessToken;

/**
 * Who sent a GraphQL operation: a verified access token, or nobody. Captured once per request by the transport
 * (HTTP resource, WebSocket {@code connection_init}) and carried in the execution context, because resolvers may run
 * on other threads than the request and must not rely on request scope or thread-locals.
 */
public record Caller(AccessToken token) {

    public static final Caller ANONYMOUS = new Caller(null);

    public static Caller of(AccessToken token) {
        return token == null ? ANONYMOUS : new Caller(token);
    }

    public boolean authenticated() {
        return token != null;
    }

    /** The user id ({@code sub}), or {@code null} when anonymous. */
    public String userId() {
        return token == null ? null : token.getSubject();
    }

    public Set<String> roles() {
        return token == null ? Set.of() : token.getGroups();
    }

    public boolean hasAnyRole(String... roles) {
        return token != null && Arrays.stream(roles).anyMatch(token::hasRole);
    }

    @Override
    public String toString() {
        return token == null ? "Caller[anonymous]" : "Caller[" + userId() + " " + roles() + "]";
    }
}
