package dev.encore.identity.http;

import java.io.IOException;
import java.io.StringReader;

import dev.encore.identity.IdentityApi;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.RawHttp;
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
        RawHttp.Answer answer = RawHttp.postJson(target.getUri().getPort(), "/auth/login", "-1", "{}");
        assertThat(answer.status(), is(400));
        assertThat(answer.header("Content-Type"), startsWith("application/problem+json"));
    }

}
