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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Request bodies over {@code encore.max-body-size} are refused with 413 problem+json whether they declare their length
 * or arrive chunked; bodies within it, chunked ones included, reach the resource intact. The limit is set low here so
 * the test stays fast; the logic is the same at any size.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddBean(ErrorsProbeResource.class)
@AddConfig(key = "encore.max-body-size", value = "2048")
class BodySizeLimitIT {

    private static final String POST = "POST /errors/echo HTTP/1.1\r\nContent-Type: application/json";

    @Inject
    WebTarget target;

    @Test
    void declaredLengthOverTheLimitIs413() throws IOException {
        byte[] body = greeting(3000);
        RawHttp.Answer answer = RawHttp.exchange(port(), POST + "\r\nContent-Length: " + body.length, body);
        assertTooLarge(answer);
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws IOException {
        RawHttp.Answer answer = RawHttp.exchange(port(), POST + "\r\nTransfer-Encoding: chunked",
                                                 RawHttp.chunked(greeting(3000), 500));
        assertTooLarge(answer);
    }

    @Test
    void bodiesWithinTheLimitReachTheResourceDeclaredOrChunked() throws IOException {
        byte[] body = greeting(1800);
        RawHttp.Answer declared = RawHttp.exchange(port(), POST + "\r\nContent-Length: " + body.length, body);
        assertThat(declared.body(), declared.status(), is(200));
        RawHttp.Answer chunked = RawHttp.exchange(port(), POST + "\r\nTransfer-Encoding: chunked",
                                                  RawHttp.chunked(body, 500));
        assertThat(chunked.body(), chunked.status(), is(200));
        JsonObject echoed = Json.createReader(new StringReader(chunked.body())).readObject();
        assertThat(echoed.getString("name").length(), is(greetingNameLength(1800)));
    }

    @Test
    void limitIsDescribedForPeople() {
        assertThat(BodySizeLimit.describe(65536), is("64 KiB"));
        assertThat(BodySizeLimit.describe(1048576), is("1 MiB"));
        assertThat(BodySizeLimit.describe(1000), is("1000 bytes"));
    }

    private static void assertTooLarge(RawHttp.Answer answer) {
        assertThat(answer.body(), answer.status(), is(413));
        assertThat(answer.header("Content-Type"), is(Problem.MEDIA_TYPE));
        JsonObject problem = Json.createReader(new StringReader(answer.body())).readObject();
        assertThat(problem.getInt("status"), is(413));
        assertThat(problem.getString("detail"), containsString("2 KiB"));
    }

    /** A valid Greeting body of exactly {@code size} bytes. */
    private static byte[] greeting(int size) {
        String json = "{\"name\":\"" + "a".repeat(greetingNameLength(size)) + "\",\"times\":1}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static int greetingNameLength(int size) {
        return size - "{\"name\":\"\",\"times\":1}".length();
    }

    private int port() {
        return target.getUri().getPort();
    }
}
