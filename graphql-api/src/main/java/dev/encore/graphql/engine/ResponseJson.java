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
 * Writes an answer's JSON straight from graphql-java's result (maps, lists, strings, numbers, booleans) into UTF-8
 * bytes, without building a {@code JsonObject} first: SmallRye's {@code ExecutionResponse} converts the whole result into a tree
 * that we then copied into another tree and printed.
 *
 * <p>{@link #JSON} is the one JSON-P provider of the module: {@code jakarta.json.Json.createObjectBuilder()} and its
 * siblings look the provider up with a {@code ServiceLoader} scan of the class path on <em>every</em> call (in a
 * profile of {@code POST /graphql} that scan was 18% of all bytes allocated, and its jar lookups a good share of
 * the CPU), so nothing on a request's path calls them.
 */
public final class ResponseJson {

    /** Looked up once; use it instead of {@code jakarta.json.Json}'s static methods. */
    public static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonGeneratorFactory GENERATORS = JSON.createGeneratorFactory(Map.of());

    private ResponseJson() {
    }

    /** The spec's response body: {@code errors} (already ours, from {@link GraphqlErrors}), {@code data}, extensions. */
    static byte[] write(JsonArray errors, boolean dataPresent, Object data, Map<Object, Object> extensions) {
        Utf8 json = new Utf8();
        json.ascii('{');
        boolean first = true;
        if (errors != null && !errors.isEmpty()) {
            json.ascii("\"errors\":").text(errors.toString()); // rare: Parsson prints the tree
            first = false;
        }
        if (dataPresent) {
            json.ascii(first ? "\"data\":" : ",\"data\":");
            value(json, data);
            first = false;
        }
        if (extensions != null && !extensions.isEmpty()) {
            json.ascii(first ? "\"extensions\":" : ",\"extensions\":");
            value(json, extensions);
        }
        return json.ascii('}').toByteArray();
    }

    /** A body that is one JSON value already built (refusals). */
    static byte[] write(JsonValue body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = GENERATORS.createGenerator(bytes)) {
            json.write(body);
        }
        return bytes.toByteArray();
    }

    /**
     * The same conversions as SmallRye's {@code ExecutionResponse.toJsonValue}, written as Parsson's generator writes
     * them (same escapes, same number forms) but without one: a generator per answer cost a buffer-pool round trip
     * and most of the writing time.
     */
    private static void value(Utf8 json, Object value) {
        switch (value) {
            case null -> json.ascii("null");
            case String text -> json.string(text);
            case Map<?, ?> map -> {
                json.ascii('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!first) {
                        json.ascii(',');
                    }
                    first = false;
                    json.string(String.valueOf(entry.getKey())).ascii(':');
                    value(json, entry.getValue());
                }
                json.ascii('}');
            }
            case Collection<?> list -> {
                json.ascii('[');
                boolean first = true;
                for (Object item : list) {
                    if (!first) {
                        json.ascii(',');
                    }
                    first = false;
                    value(json, item);
                }
                json.ascii(']');
            }
            case Boolean flag -> json.ascii(flag ? "true" : "false");
            case Integer number -> json.ascii(Integer.toString(number));
            case Long number -> json.ascii(Long.toString(number));
            case Short number -> json.ascii(Short.toString(number));
            case Byte number -> json.ascii(Byte.toString(number));
            case Double number -> json.ascii(finite(number));
            // widening a float to double would print digits it never had
            case Float number -> json.ascii(new BigDecimal(String.valueOf(number)).toString());
            case BigDecimal number -> json.ascii(number.toString());
            case BigInteger number -> json.ascii(number.toString());
            case Enum<?> constant -> json.string(constant.name());
            case JsonValue jsonValue -> json.text(jsonValue.toString());
            default -> json.string(value.toString());
        }
    }

    /** As Parsson: JSON has no NaN or infinities. */
    private static String finite(double number) {
        if (Double.isNaN(number) || Double.isInfinite(number)) {
            throw new NumberFormatException("JSON has no " + number);
        }
        return String.valueOf(number);
    }

    /** A growing UTF-8 buffer with JSON's string escapes (those of Parsson's generator). */
    private static final class Utf8 {
        private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        private byte[] bytes = new byte[256];
        private int size;

        Utf8 ascii(char c) {
            room(1);
            bytes[size++] = (byte) c;
            return this;
        }

        Utf8 ascii(String text) {
            room(text.length());
            for (int i = 0; i < text.length(); i++) {
                bytes[size++] = (byte) text.charAt(i);
            }
            return this;
        }

        /** JSON text written elsewhere (a tree's {@code toString}): copied as UTF-8. */
        Utf8 text(String json) {
            byte[] utf8 = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            room(utf8.length);
            System.arraycopy(utf8, 0, bytes, size, utf8.length);
            size += utf8.length;
            return this;
        }

        Utf8 string(String text) {
            room(text.length() + 2);
            bytes[size++] = '"';
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                    room(1);
                    bytes[size++] = (byte) c;
                } else if (c >= 0x80) {
                    int end = i + 1;
                    while (end < text.length() && text.charAt(end) >= 0x80) {
                        end++;
                    }
                    text(text.substring(i, end)); // surrogate pairs stay together
                    i = end - 1;
                } else {
                    escape(c);
                }
            }
            room(1);
            bytes[size++] = '"';
            return this;
        }

        private void escape(char c) {
            room(6);
            bytes[size++] = '\\';
            switch (c) {
                case '"' -> bytes[size++] = '"';
                case '\\' -> bytes[size++] = '\\';
                case '\b' -> bytes[size++] = 'b';
                case '\f' -> bytes[size++] = 'f';
                case '\n' -> bytes[size++] = 'n';
                case '\r' -> bytes[size++] = 'r';
                case '\t' -> bytes[size++] = 't';
                default -> {
                    bytes[size++] = 'u';
                    bytes[size++] = '0';
                    bytes[size++] = '0';
                    bytes[size++] = HEX[c >> 4];
                    bytes[size++] = HEX[c & 0xF];
                }
            }
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(bytes, size);
        }
    }

    /** For callers that still want a tree (the WebSocket transport): the bytes read back. */
    static JsonValue read(byte[] body) {
        try (var reader = JSON.createReader(new java.io.ByteArrayInputStream(body))) {
            return reader.readValue();
        }
    }
}
