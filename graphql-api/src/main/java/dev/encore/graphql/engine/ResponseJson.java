package dev.encore.graphql.engine;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;

/**
 * Writes an answer's JSON straight from graphql-java's result (maps, lists, strings, numbers, booleans), without
 * building a {@code JsonObject} first: SmallRye's {@code ExecutionResponse} converts the whole result into a tree
 * that we then copied into another tree and printed.
 *
 * <p>{@link #JSON} is the one JSON-P provider of the module: {@code jakarta.json.Json.createObjectBuilder()} and its
 * siblings look the provider up with a {@code ServiceLoader} scan of the class path on <em>every</em> call (in a
 * profile of {@code POST /graphql} that scan was 18% of all bytes allocated, and its jar lookups a good share of
 * the CPU), so nothing on a request's path calls them.
 *
 * <p>Parsson's generator stays: a hand-written UTF-8 writer producing the same bytes was tried and measured in one
 * side-by-side run against this (2026-12-05): the same CPU per request (0.031 s / 1,000 both) and 2.6 KB less
 * allocation per request, not worth owning a JSON writer for.
 */
public final class ResponseJson {

    /** Looked up once; use it instead of {@code jakarta.json.Json}'s static methods. */
    public static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonGeneratorFactory GENERATORS = JSON.createGeneratorFactory(Map.of());

    private ResponseJson() {
    }

    /** The spec's response body: {@code errors} (already ours, from {@link GraphqlErrors}), {@code data}, extensions. */
    static byte[] write(JsonArray errors, boolean dataPresent, Object data, Map<Object, Object> extensions) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = GENERATORS.createGenerator(bytes)) {
            json.writeStartObject();
            if (errors != null && !errors.isEmpty()) {
                json.write("errors", errors);
            }
            if (dataPresent) {
                json.writeKey("data");
                value(json, data);
            }
            if (extensions != null && !extensions.isEmpty()) {
                json.writeKey("extensions");
                value(json, extensions);
            }
            json.writeEnd();
        }
        return bytes.toByteArray();
    }

    /** A body that is one JSON value already built (refusals). */
    static byte[] write(JsonValue body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = GENERATORS.createGenerator(bytes)) {
            json.write(body);
        }
        return bytes.toByteArray();
    }

    /** The same conversions as SmallRye's {@code ExecutionResponse.toJsonValue}, written instead of built. */
    private static void value(JsonGenerator json, Object value) {
        switch (value) {
            case null -> json.writeNull();
            case String text -> json.write(text);
            case Map<?, ?> map -> {
                json.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    json.writeKey(String.valueOf(entry.getKey()));
                    value(json, entry.getValue());
                }
                json.writeEnd();
            }
            case Collection<?> list -> {
                json.writeStartArray();
                for (Object item : list) {
                    value(json, item);
                }
                json.writeEnd();
            }
            case Boolean flag -> json.write(flag);
            case Integer number -> json.write(number);
            case Long number -> json.write(number);
            case Short number -> json.write(number);
            case Byte number -> json.write(number);
            case Double number -> json.write(number);
            // widening a float to double would print digits it never had
            case Float number -> json.write(new BigDecimal(String.valueOf(number)));
            case BigDecimal number -> json.write(number);
            case BigInteger number -> json.write(number);
            case Enum<?> constant -> json.write(constant.name());
            case JsonValue jsonValue -> json.write(jsonValue);
            default -> json.write(value.toString());
        }
    }

    /** For callers that still want a tree (the WebSocket transport): the bytes read back. */
    static JsonValue read(byte[] body) {
        try (var reader = JSON.createReader(new java.io.ByteArrayInputStream(body))) {
            return reader.readValue();
        }
    }
}
