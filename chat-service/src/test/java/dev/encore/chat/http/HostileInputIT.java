package dev.encore.chat.http;

import java.io.IOException;
import java.io.StringReader;

import dev.encore.local.BackingServersExtension;
import dev.encore.local.RawHttp;
import dev.encore.local.TestTokenIssuer;
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

/** chat-service's moderation REST refuses hostile bodies and framing with a prompt 400 problem, never a 5xx. */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
class HostileInputIT {

    @Inject
    WebTarget target;

    private final String moderator = TestTokenIssuer.shared().token("mod-1", "moderator");

    @Test
    void moderationBodiesNestedDeeperThan64LevelsAre400() {
        String deep = "{\"userId\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000) + "}";
        for (String path : new String[] {"/rooms/deep-room/mutes", "/rooms/deep-room/bans"}) {
            Response response = target.path(path).request().header("Authorization", "Bearer " + moderator)
                    .post(Entity.entity(deep, MediaType.APPLICATION_JSON));
            assertDeepProblem(path, response);
        }
        Response settings = target.path("/rooms/deep-room/settings").request()
                .header("Authorization", "Bearer " + moderator)
                .put(Entity.entity("[".repeat(65) + "]".repeat(65), MediaType.APPLICATION_JSON));
        assertDeepProblem("/settings", settings);
    }

    @Test
    void negativeContentLengthIsA400ProblemAtOnce() throws IOException {
        RawHttp.Answer answer = RawHttp.postJson(target.getUri().getPort(), "/rooms/r1/bans", "-1", "{}");
        assertThat(answer.status(), is(400));
        assertThat(answer.header("Content-Type"), startsWith("application/problem+json"));
    }

    private static void assertDeepProblem(String path, Response response) {
        assertThat(path, response.getStatus(), is(400));
        assertThat(response.getMediaType().toString(), is("application/problem+json"));
        JsonObject problem = Json.createReader(new StringReader(response.readEntity(String.class))).readObject();
        assertThat(problem.getString("detail"), containsString("more than 64 levels deep"));
    }

}
