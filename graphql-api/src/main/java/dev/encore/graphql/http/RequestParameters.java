package dev.encore.graphql.http;

import java.util.List;

import dev.encore.graphql.engine.GraphqlEngine;
import dev.encore.graphql.engine.GraphqlRequest;
import dev.encore.graphql.engine.GraphqlRequest.MalformedRequestException;
import dev.encore.graphql.engine.RequestJson;
import io.helidon.common.uri.UriQuery;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * A GraphQL request's parameters from HTTP: a {@code POST} body's JSON object, or a {@code GET}'s query string
 * ({@code query}, {@code operationName}, and {@code variables} and {@code extensions} as JSON). JSON is read through
 * {@link GraphqlEngine#readJson}, so its depth limit holds for both.
 */
final class RequestParameters {

    private RequestParameters() {
    }

    /**
     * @throws MalformedRequestException      when the body is not a JSON object with the spec's parameters
     * @throws RequestJson.TooDeepException when it nests too deeply
     */
    static GraphqlRequest fromBody(GraphqlEngine engine, String body) {
        JsonValue json;
        try {
            json = engine.readJson(body);
        } catch (JsonException e) {
            throw new MalformedRequestException("The request body is not valid JSON.");
        }
        if (json.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new MalformedRequestException("The request body must be a JSON object.");
        }
        return GraphqlRequest.from(json.asJsonObject());
    }

    /**
     * @throws MalformedRequestException      when there is no query (nor a persisted query's hash), or a JSON
     *                                        parameter is not an object
     * @throws RequestJson.TooDeepException when a JSON parameter nests too deeply (its path starts with its name)
     */
    static GraphqlRequest fromQuery(GraphqlEngine engine, UriQuery parameters) {
        String query = parameter(parameters, "query");
        JsonObject extensions = jsonParameter(engine, parameters, "extensions");
        // An automatic persisted query comes as its hash alone: that GET is the one a CDN keeps.
        if (query == null && (extensions == null || !extensions.containsKey("persistedQuery"))) {
            throw new MalformedRequestException("The request has no 'query' parameter.");
        }
        return new GraphqlRequest(query, parameter(parameters, "operationName"),
                jsonParameter(engine, parameters, "variables"), extensions);
    }

    /** The first value of a parameter, {@code null} when absent or blank. */
    private static String parameter(UriQuery parameters, String name) {
        List<String> values = parameters.all(name, List::of);
        return values.isEmpty() || values.getFirst().isBlank() ? null : values.getFirst();
    }

    private static JsonObject jsonParameter(GraphqlEngine engine, UriQuery parameters, String name) {
        String value = parameter(parameters, name);
        if (value == null) {
            return null;
        }
        JsonValue json;
        try {
            json = engine.readJson(value);
        } catch (RequestJson.TooDeepException e) {
            throw e.within(name); // answered as if the parameter were that key of a POST body
        } catch (JsonException e) {
            throw new MalformedRequestException("'" + name + "' is not valid JSON.");
        }
        if (json.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (json.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new MalformedRequestException("'" + name + "' must be a JSON object.");
        }
        return json.asJsonObject();
    }
}
