package dev.encore.graphql.engine;

import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * One GraphQL request as the GraphQL-over-HTTP spec defines its parameters, whatever carried it (POST body, GET
 * query string, WebSocket {@code subscribe} payload).
 *
 * @param query         the document; {@code null} only for an automatic persisted query sent as its hash alone
 * @param operationName the operation to run when the document has several, or {@code null}
 * @param variables     the variables object, or {@code null}
 * @param extensions    the extensions object, or {@code null}
 * @param source        the JSON object the request came as, handed to SmallRye as it is; {@code null} when the
 *                      parameters came apart (a GET) or were changed
 */
public record GraphqlRequest(String query, String operationName, JsonObject variables, JsonObject extensions,
                             JsonObject source) {

    /** A request whose parameters came apart (a GET query string): {@link #json()} assembles them. */
    public GraphqlRequest(String query, String operationName, JsonObject variables, JsonObject extensions) {
        this(query, operationName, variables, extensions, null);
    }

    /**
     * Reads the request parameters from a JSON object, refusing what the spec calls a malformed request.
     *
     * @throws MalformedRequestException when a parameter is missing or has the wrong JSON type
     */
    public static GraphqlRequest from(JsonObject body) {
        JsonObject extensions = object(body, "extensions");
        // An automatic persisted query may come as its hash alone (PersistedQueries fills the text in).
        boolean persisted = extensions != null && extensions.containsKey("persistedQuery");
        String query = string(body, "query", !persisted);
        String operationName = string(body, "operationName", false);
        return new GraphqlRequest(query, operationName, object(body, "variables"), extensions, body);
    }

    private static String string(JsonObject body, String name, boolean required) {
        JsonValue value = body.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                throw new MalformedRequestException("The request has no '" + name + "'.");
            }
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw new MalformedRequestException("'" + name + "' must be a string.");
        }
        return body.getString(name);
    }

    private static JsonObject object(JsonObject body, String name) {
        JsonValue value = body.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new MalformedRequestException("'" + name + "' must be a JSON object.");
        }
        return value.asJsonObject();
    }

    /** The shape SmallRye's {@code ExecutionService} reads: the body the request came in, when it came as one. */
    JsonObject json() {
        if (source != null) {
            return source;
        }
        JsonObjectBuilder json = ResponseJson.JSON.createObjectBuilder().add("query", query);
        if (operationName != null) {
            json.add("operationName", operationName);
        }
        if (variables != null) {
            json.add("variables", variables);
        }
        if (extensions != null) {
            json.add("extensions", extensions);
        }
        return json.build();
    }

    /** Variables as plain Java values, for the query-limit analysis. */
    Map<String, JsonValue> variableValues() {
        return variables == null ? Map.of() : variables;
    }

    /** Not a GraphQL request at all (the spec's "malformed request"): answered with 400 before any parsing. */
    public static class MalformedRequestException extends RuntimeException {
        public MalformedRequestException(String message) {
            super(message, null, false, false);
        }
    }
}
