package dev.encore.graphql.engine;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The answer's JSON is written by hand (no generator per answer); it must be byte for byte what Parsson's generator
 * wrote for the same result: escapes, non-ASCII text, numbers, nesting.
 */
class ResponseJsonTest {

    @Test
    void writesWhatParssonWritesForEveryKindOfValue() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("plain", "Beyoncé – Lemonade 🍋");
        data.put("escapes", "quote \" backslash \\ slash / newline \n tab \t bell \u0007 nul \u0000 del \u007f");
        data.put("separators", "line\u2028para\u2029");
        data.put("numbers", Arrays.asList(0, -7, Long.MAX_VALUE, (short) 3, (byte) -1, 2.5, 1e-7, 0.1f,
                new BigDecimal("12.50"), new BigInteger("123456789012345678901234567890")));
        data.put("flags", List.of(true, false));
        data.put("nothing", null);
        data.put("nested", Map.of("list", List.of(Map.of("a", "b")), "empty", List.of()));
        data.put("enum", Thread.State.RUNNABLE);

        String ours = new String(ResponseJson.write(null, true, data, null), StandardCharsets.UTF_8);

        assertThat(ours, is(parsson(data)));
    }

    @Test
    void leavesOutWhatTheResultDoesNotHave() {
        assertThat(new String(ResponseJson.write(null, false, null, Map.of("cost", 3)), StandardCharsets.UTF_8),
                is("{\"extensions\":{\"cost\":3}}"));
        assertThat(new String(ResponseJson.write(null, true, null, null), StandardCharsets.UTF_8),
                is("{\"data\":null}"));
    }

    private static String parsson(Map<String, Object> data) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = Json.createGenerator(text)) {
            json.writeStartObject().writeKey("data");
            write(json, data);
            json.writeEnd();
        }
        return text.toString();
    }

    private static void write(JsonGenerator json, Object value) {
        switch (value) {
            case null -> json.writeNull();
            case String s -> json.write(s);
            case Map<?, ?> map -> {
                json.writeStartObject();
                map.forEach((key, item) -> {
                    json.writeKey(key.toString());
                    write(json, item);
                });
                json.writeEnd();
            }
            case List<?> list -> {
                json.writeStartArray();
                list.forEach(item -> write(json, item));
                json.writeEnd();
            }
            case Boolean b -> json.write(b);
            case Integer n -> json.write(n);
            case Long n -> json.write(n);
            case Short n -> json.write(n);
            case Byte n -> json.write(n);
            case Double n -> json.write(n);
            case Float n -> json.write(new BigDecimal(String.valueOf(n)));
            case BigDecimal n -> json.write(n);
            case BigInteger n -> json.write(n);
            case Enum<?> e -> json.write(e.name());
            default -> throw new AssertionError(value);
        }
    }
}
