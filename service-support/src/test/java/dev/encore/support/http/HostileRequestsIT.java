package dev.encore.support.http;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import dev.encore.local.BackingServersExtension;
import dev.encore.local.RawHttp;
import dev.encore.support.problem.ErrorsProbeResource;
import dev.encore.support.problem.Problem;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * Requests built to hurt: a Content-Length that is not a length, a body trickling in a byte a second, JSON nested
 * deeper than any real document. Each is answered promptly with a 4xx problem, over a raw socket. The body timeout
 * is set to 2 s here so the slow-body test stays short; the rule is the same at the default 20 s.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddBean(ErrorsProbeResource.class)
@AddConfig(key = "encore.request-body.timeout", value = "PT2S")
@AddConfig(key = "encore.max-body-size", value = "4194304")
class HostileRequestsIT {

    private static final String ECHO = "POST /errors/echo HTTP/1.1\r\nContent-Type: application/json";

    @Inject
    WebTarget target;

    @Test
    void negativeContentLengthIsA400ProblemAtOnce() throws IOException {
        assertBadLength(RawHttp.exchange(port(), ECHO + "\r\nContent-Length: -1", "{}".getBytes()));
    }

    @Test
    void signedContentLengthIsA400Problem() throws IOException {
        assertBadLength(RawHttp.exchange(port(), ECHO + "\r\nContent-Length: +2", "{}".getBytes()));
    }

    /** Helidon refuses these itself, before any filter, with a plain-text 400: prompt, and not a 5xx. */
    @Test
    void absurdOrConflictingContentLengthIsA400() throws IOException {
        for (String length : new String[] {"99999999999999999999999", "2, 3", "2, 2", "two"}) {
            RawHttp.Answer answer = RawHttp.exchange(port(), ECHO + "\r\nContent-Length: " + length, "{}".getBytes());
            assertThat(length + ": " + answer.body(), answer.status(), is(400));
        }
    }

    @Test
    void bodyTricklingInIsCutOffWith408() throws IOException, InterruptedException {
        long start = System.nanoTime();
        String answer = RawHttp.trickle(port(), ECHO);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        System.out.println("1 byte/s body answered '" + answer.lines().findFirst().orElse("") + "' after " + seconds
                           + " s (timeout 2 s)");
        assertThat(answer, startsWith("HTTP/1.1 408"));
    }

    /** Helidon 4.1.2 puts no read timeout on server sockets: before the watchdog, this waited forever. */
    @Test
    void bodyThatStopsArrivingIsCutOff() throws IOException {
        long start = System.nanoTime();
        String answer = RawHttp.stall(port(), ECHO, "{\"name\":");
        System.out.println("stalled body: '" + answer.lines().findFirst().orElse("") + "' after "
                           + (System.nanoTime() - start) / 1_000_000 + " ms (timeout 2 s)");
        // Cut off: a 408 when the answer could still be written, else the connection closed.
        assertThat(answer, anyOf(startsWith("HTTP/1.1 408"), is(""), is("(connection reset)")));
    }

    @Test
    void jsonNestedDeeperThan64LevelsIsA400SayingSo() throws IOException {
        for (String path : new String[] {"/errors/echo", "/errors/json"}) {
            for (String body : new String[] {"{\"name\":" + nested(65) + "}", nested(100_000),
                                             "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)}) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                RawHttp.Answer answer = RawHttp.exchange(port(), "POST " + path + " HTTP/1.1\r\nContent-Type: "
                        + "application/json\r\nContent-Length: " + bytes.length, bytes);
                JsonObject problem = problem(answer, 400);
                assertThat(problem.getString("detail"), containsString("more than 64 levels deep"));
            }
        }
    }

    @Test
    void jsonAt64LevelsAndBracketsInStringsAreParsedAsUsual() throws IOException {
        String sixtyFour = "{\"a\":" + nested(63) + ",\"s\":\"[[[[{{{{\\\"[[[[\"}";
        byte[] bytes = sixtyFour.getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer answer = RawHttp.exchange(port(), "POST /errors/json HTTP/1.1\r\nContent-Type: application/json"
                                                         + "\r\nContent-Length: " + bytes.length, bytes);
        assertThat(answer.body(), answer.status(), is(200));
        assertThat(answer.body(), is("OBJECT"));
    }

    @Test
    void rawBodiesAreLeftToTheResource() throws IOException {
        byte[] bytes = nested(1000).getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer answer = RawHttp.exchange(port(), "POST /errors/raw HTTP/1.1\r\nContent-Type: application/json"
                                                         + "\r\nContent-Length: " + bytes.length, bytes);
        assertThat(answer.body(), answer.status(), is(200));
        assertThat(answer.body(), is("2000"));
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static void assertBadLength(RawHttp.Answer answer) {
        JsonObject problem = problem(answer, 400);
        assertThat(problem.getString("detail"), containsString("Content-Length"));
        assertThat(answer.header("Connection"), is("close"));
    }

    private static JsonObject problem(RawHttp.Answer answer, int status) {
        assertThat(answer.body(), answer.status(), is(status));
        assertThat(answer.header("Content-Type"), is(Problem.MEDIA_TYPE));
        return Json.createReader(new StringReader(answer.body())).readObject();
    }

    private int port() {
        return target.getUri().getPort();
    }
}
