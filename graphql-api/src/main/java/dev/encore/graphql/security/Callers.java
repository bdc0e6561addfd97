package dev.encore.graphql.security;

import java.util.HashMap;
import java.util.Map;

import dev.encore.graphql.error.ApiException;
import dev.encore.graphql.error.ErrorCode;
import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import io.smallrye.graphql.execution.context.SmallRyeContext;
import io.smallrye.graphql.execution.context.SmallRyeContextManager;

/**
 * Finds the {@link Caller} of the GraphQL operation being resolved. SmallRye sets its context for the resolver it is
 * about to invoke, so call this synchronously at the start of a resolver (never inside a later callback).
 */
public final class Callers {

    /** The execution-context key under which transports store the {@link Caller}. */
    public static final String CONTEXT_KEY = "encore.caller";

    /**
     * The caller of the resolver running on this thread when the engine invokes it itself (not through SmallRye's
     * data fetchers, which set SmallRye's context instead): set only for the synchronous call of the resolver.
     */
    private static final ThreadLocal<Caller> RESOLVING = new ThreadLocal<>();

    private Callers() {
    }

    /**
     * A fresh, mutable execution context for {@code caller}, for {@code GraphqlEngine.execute}; the WebSocket transport
     * ({@code subscription/GraphqlWsConnection}) copies it per operation and adds that operation's own entries.
     */
    public static Map<String, Object> context(Caller caller) {
        Map<String, Object> context = new HashMap<>();
        context.put(CONTEXT_KEY, caller);
        return context;
    }

    public static Caller current() {
        Caller resolving = RESOLVING.get();
        if (resolving != null) {
            return resolving;
        }
        SmallRyeContext context = SmallRyeContextManager.getCurrentSmallRyeContext();
        if (context == null) {
            return Caller.ANONYMOUS;
        }
        GraphQLContext graphQLContext = null;
        DataFetchingEnvironment environment = context.getDataFetchingEnvironment();
        if (environment != null) {
            graphQLContext = environment.getGraphQlContext();
        } else if (context.getExecutionInput() != null) {
            graphQLContext = context.getExecutionInput().getGraphQLContext();
        }
        Caller caller = graphQLContext == null ? null : graphQLContext.get(CONTEXT_KEY);
        return caller == null ? Caller.ANONYMOUS : caller;
    }

    /**
     * Runs a resolver call with {@code caller} as {@link #current()}: for an engine that invokes resolvers without
     * SmallRye's per-field context. The previous value is restored afterwards (a resolver may run another).
     */
    public static <T> T resolvingAs(Caller caller, Resolution<T> resolution) throws Exception {
        Caller previous = RESOLVING.get();
        RESOLVING.set(caller == null ? Caller.ANONYMOUS : caller);
        try {
            return resolution.call();
        } finally {
            if (previous == null) {
                RESOLVING.remove();
            } else {
                RESOLVING.set(previous);
            }
        }
    }

    /** One synchronous resolver call (see {@link #resolvingAs}). */
    @FunctionalInterface
    public interface Resolution<T> {
        T call() throws Exception;
    }

    /**
     * The current caller if it has one of {@code roles} (any signed-in caller when none are given).
     *
     * @throws ApiException {@code UNAUTHENTICATED} without a caller, {@code FORBIDDEN} without the role
     */
    public static Caller require(String... roles) {
        return require(current(), roles);
    }

    /**
     * {@code caller} if it has one of {@code roles} (any signed-in caller when none are given): the same check for a
     * service that was handed its caller.
     *
     * @throws ApiException {@code UNAUTHENTICATED} without a caller, {@code FORBIDDEN} without the role
     */
    public static Caller require(Caller caller, String... roles) {
        if (!caller.authenticated()) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "Sign in first: this operation needs a bearer token.");
        }
        if (roles.length > 0 && !caller.hasAnyRole(roles)) {
            throw new ApiException(ErrorCode.FORBIDDEN,
                    "This operation needs one of the roles " + String.join(", ", roles) + ".");
        }
        return caller;
    }
}
