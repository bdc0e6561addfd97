package dev.encore.support.problem;

import dev.encore.local.BackingServersExtension;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
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
import static org.hamcrest.Matchers.not;

/** Client mistakes and server bugs both answer RFC 9457 problem+json; nothing internal reaches the client. */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddBean(ErrorsProbeResource.class)
class ProblemDetailsIT {

    @Inject
    WebTarget target;

    @Test
    void malformedJsonBodyIsA400Problem() {
        Response response = post("{\"name\": \"Ada\", ");
        assertProblem(response, 400);
    }

    @Test
    void wrongTypeInJsonBodyIsA400ProblemNamingTheField() {
        JsonObject problem = assertProblem(post("{\"name\": \"Ada\", \"times\": \"many\"}"), 400);
        assertThat(problem.getString("field"), is("times"));
    }

    @Test
    void validationProblemNamesTheField() {
        JsonObject problem = assertProblem(post("{\"name\": \"\", \"times\": 1}"), 400);
        assertThat(problem.getString("field"), is("name"));
    }

    @Test
    void validBodyIsAnswered() {
        Response response = post("{\"name\": \"Ada\", \"times\": 2}");
        assertThat(response.getStatus(), is(200));
        assertThat(response.readEntity(JsonObject.class).getInt("times"), is(2));
    }

    @Test
    void missingRecordIsA404ProblemWithDetail() {
        JsonObject problem = assertProblem(target.path("/errors/things/42").request().get(), 404);
        assertThat(problem.getString("detail"), containsString("42"));
    }

    @Test
    void aPathNothingServesIsA404Problem() {
        JsonObject problem = assertProblem(target.path("/no/such/path").request().get(), 404);
        assertThat(problem.getString("detail"), containsString("Nothing is served"));
        // ...while the server's own endpoints behind JAX-RS are still reached
        assertThat(target.path("/health/live").request().get().getStatus(), is(200));
        assertThat(target.path("/metrics").request().get().getStatus(), is(200));
    }

    @Test
    void wrongMethodIsA405ProblemWithAllow() {
        Response response = target.path("/errors/bug").request().delete();
        assertThat(response.getHeaderString("Allow"), containsString("GET"));
        assertProblem(response, 405);
    }

    @Test
    void unsupportedContentTypeIsA415Problem() {
        assertProblem(target.path("/errors/echo").request().post(Entity.entity("name=Ada", MediaType.TEXT_PLAIN)), 415);
    }

    @Test
    void bugIsA500ProblemWithoutInternals() {
        Response response = target.path("/errors/bug").request().get();
        String body = response.readEntity(String.class);
        assertThat(response.getStatus(), is(500));
        assertThat(response.getMediaType().toString(), is(Problem.MEDIA_TYPE));
        assertThat(body, containsString("incident"));
        assertThat(body, not(containsString("hunter2")));
        assertThat(body, not(containsString("IllegalStateException")));
    }

    @Test
    void unknownPathIsA404AndDoesNotHideHealth() {
        assertThat(target.path("/no/such/path").request().get().getStatus(), is(404));
        assertThat(target.path("/health/live").request().get().getStatus(), is(200));
        assertThat(target.path("/metrics").request().get().getStatus(), is(200));
    }

    private Response post(String json) {
        return target.path("/errors/echo").request().post(Entity.entity(json, MediaType.APPLICATION_JSON));
    }

    private static JsonObject assertProblem(Response response, int status) {
        assertThat(response.getStatus(), is(status));
        assertThat(response.getMediaType().toString(), is(Problem.MEDIA_TYPE));
        JsonObject problem = response.readEntity(JsonObject.class);
        assertThat(problem.getInt("status"), is(status));
        assertThat(problem.getString("title"), not(""));
        assertThat(problem.containsKey("detail"), is(true));
        return problem;
    }
}
