package dev.encore.identity.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.encore.identity.IdentityApi;
import dev.encore.local.BackingServersExtension;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/** identity-service's public JSON endpoints refuse hostile bodies and framing with a prompt 400 problem, never a 5xx. */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "jwt.issuer", value = IdentityApi.ISSUER)
@AddConfig(key = "encore.profile", value = "local")
@AddConfig(key = "encore.data-dir", value = "target/it-data/hostile")
class HostileInputIT {

    @Inject
    WebTarget target;

    @Test
    void loginAndRegistrationBodiesNestedDeeperThan64LevelsAre400() {
        String deep = "{\"email\":" + "[".repeat(5000) + "]".repeat(5000) + ",\"password\":\"x\"}";
        for (String path : new String[] {"/auth/login", "/auth/register", "/auth/refresh"}) {
            Response response = target.path(path).request().post(Entity.entity(deep, MediaType.APPLICATION_JSON));
            assertThat(path, response.getStatus(), is(400));
            assertThat(response.getMediaType().toString(), is("application/problem+json"));
            JsonObject problem = Json.createReader(new StringReader(response.readEntity(String.class))).readObject();
            assertThat(problem.getString("detail"), containsString("more than 64 levels deep"));
        }
    }

    @Test
    void negativeContentLengthIsA400ProblemAtOnce() throws IOException {
        String head = rawHead("POST /auth/login HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: -1",
                              "{}".getBytes(StandardCharsets.US_ASCII));
        assertThat(head, startsWith("HTTP/1.1 400"));
        assertThat(head.toLowerCase(), containsString("content-type: application/problem+json"));
    }

    /**
     * One request over a plain socket (clients refuse to send a bad Content-Length); returns the status line and
     * headers of the answer, or what arrived before the server closed or 10 s passed.
     */
    private String rawHead(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", target.getUri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            for (int b; answer.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0; ) {
                answer.append((char) b);
            }
            return answer.toString();
        }
    }
}
