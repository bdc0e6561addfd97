package dev.encore.graphql.engine;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The answer's JSON is written straight from graphql-java's result (no tree in between): every kind of value a
 * resolver can give must reach the client as the JSON value it stands for.
 */
class ResponseJsonTest {

    @Test
    void writesEveryKindOfValueAsTheJsonItStandsFor() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("plain", "Beyoncé – Lemonade 🍋");
        data.put("escapes", "quote \" backslash \\ newline \n tab \t bell \u0007 nul \u0000");
        data.put("numbers", Arrays.asList(0, -7, Long.MAX_VALUE, (short) 3, (byte) -1, 2.5, 0.1f,
                new BigDecimal("12.50"), new BigInteger("123456789012345678901234567890")));
        data.put("flags", List.of(true, false));
        data.put("nothing", null);
        data.put("nested", Map.of("list", List.of(Map.of("a", "b")), "empty", List.of()));
        data.put("enum", Thread.State.RUNNABLE);

        byte[] written = ResponseJson.write(null, true, data, null);
        JsonObject read = Json.createReader(new ByteArrayInputStream(written)).readObject().getJsonObject("data");

        assertThat(read.getString("plain"), is("Beyoncé – Lemonade 🍋"));
        assertThat(read.getString("escapes"), is(data.get("escapes")));
        assertThat(read.getJsonArray("numbers").toString(),
                is("[0,-7,9223372036854775807,3,-1,2.5,0.1,12.50,123456789012345678901234567890]"));
        assertThat(read.getJsonArray("flags").toString(), is("[true,false]"));
        assertThat(read.isNull("nothing"), is(true));
        assertThat(read.getJsonObject("nested").getJsonArray("list").getJsonObject(0).getString("a"), is("b"));
        assertThat(read.getJsonObject("nested").getJsonArray("empty").isEmpty(), is(true));
        assertThat(read.getString("enum"), is("RUNNABLE"));
    }

    @Test
    void leavesOutWhatTheResultDoesNotHave() {
        assertThat(new String(ResponseJson.write(null, false, null, Map.of("cost", 3)), StandardCharsets.UTF_8),
                is("{\"extensions\":{\"cost\":3}}"));
        assertThat(new String(ResponseJson.write(null, true, null, null), StandardCharsets.UTF_8),
                is("{\"data\":null}"));
    }
}
