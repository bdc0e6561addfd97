package dev.encore.graphql.error;

/**
 * The {@code extensions.code} of every GraphQL error this API answers. Clients switch on these, never on messages.
 * The first four are about the request itself (before anything ran); {@code BAD_USER_INPUT} may be either (a
 * variable is checked before anything runs, an argument's rules by its resolver); the rest come from resolvers.
 */
public enum ErrorCode {
    /** The HTTP request is not a GraphQL request at all: malformed JSON, no {@code query}, a parameter of the wrong type. */
    BAD_REQUEST,
    /** The document is not valid GraphQL syntax. */
    GRAPHQL_PARSE_FAILED,
    /**
     * The request does not say which operation to run: {@code operationName} names none of the document's operations,
     * or the document has several and no {@code operationName}, or none at all. Apollo Server's name for the same.
     */
    OPERATION_RESOLUTION_FAILURE,
    /**
     * Automatic persisted queries: the request sent only {@code extensions.persistedQuery.sha256Hash} and no replica
     * knows that hash yet; send the query text with the hash once (Apollo's code; its clients retry on it).
     */
    PERSISTED_QUERY_NOT_FOUND,
    /** Automatic persisted queries are switched off ({@code graphql.persisted-queries.enabled=false}). */
    PERSISTED_QUERY_NOT_SUPPORTED,
    /** The document does not validate against the schema, or exceeds a query limit (depth, complexity, aliases). */
    GRAPHQL_VALIDATION_FAILED,
    /** An argument, variable or input field is wrong; {@code extensions.field} names it when one is at fault. */
    BAD_USER_INPUT,
    /** The operation needs a signed-in caller and there is none. */
    UNAUTHENTICATED,
    /** The caller is known but lacks the role or ownership the operation needs. */
    FORBIDDEN,
    /** The object the operation acts on does not exist. */
    NOT_FOUND,
    /** The operation conflicts with the current state (for example deleting an artist that still has albums). */
    CONFLICT,
    /**
     * This server cannot take the operation now (it runs as many subscriptions as it may); the same operation may
     * succeed later or on another replica. The message says how long to wait.
     */
    UNAVAILABLE,
    /** A server fault; the message names an incident id that is in the log, never the cause. */
    INTERNAL
}
