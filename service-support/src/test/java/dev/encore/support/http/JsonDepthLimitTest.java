package dev.encore.support.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The depth count sees JSON structure only: brackets inside strings, escaped quotes and UTF-8 text do not count. */
class JsonDepthLimitTest {

    @Test
    void passesADocumentAtTheLimitUnchanged() throws IOException {
        String json = "{\"a\":[[{\"b\":\"x\"}]]}";
        assertThat(read(json, 4), is(json));
    }

    @Test
    void refusesOneLevelPastTheLimit() {
        assertThrows(JsonDepthLimit.TooDeepException.class, () -> read("{\"a\":[[{\"b\":[]}]]}", 4));
    }

    @Test
    void bracketsAndEscapedQuotesInsideStringsDoNotCount() throws IOException {
        String json = "[\"[[[[\\\"{{{{\", \"\\\\\", [\"é]]]]}}}\"]]";
        assertThat(read(json, 2), is(json));
    }

    @Test
    void closingLevelsMakesRoomAgain() throws IOException {
        String json = "[" + "[[]],".repeat(1000) + "[[]]]";
        assertThat(read(json, 3), is(json));
    }

    @Test
    void contentLengthMustBeOneDecimalNumber() {
        assertThat(ContentLengthFilter.valid(List.of("42")), is(true));
        assertThat(ContentLengthFilter.valid(List.of("0")), is(true));
        for (String bad : new String[] {"-1", "+5", "", " ", "4 2", "0x10", "1234567890123456789"}) {
            assertThat(bad, ContentLengthFilter.valid(List.of(bad)), is(false));
        }
    }

    private static String read(String json, int maxDepth) throws IOException {
        try (InputStream in = new JsonDepthLimit.Counting(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), maxDepth)) {
            byte[] first = new byte[3];
            int n = in.read(first); // a partial read, then the rest: state carries over between reads
            return new String(first, 0, n, StandardCharsets.UTF_8) + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
