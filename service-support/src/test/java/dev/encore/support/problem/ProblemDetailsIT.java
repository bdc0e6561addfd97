package dev.encore.support.problem;

import java.io.IOException;
import java.io.StringReader;

import dev.encore.local.BackingServersExtension;
import dev.encore.local.RawHttp;
import io.helidon.microprofile.testing.junit5.AddBean;
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

    @Test
    void malformedPercentEscapeInTheQueryIsA400ProblemOnEveryKindOfRoute() throws IOException {
        // JAX-RS, Helidon's own health and OpenAPI endpoints, and a path nothing serves
        for (String path : new String[] {"/errors/things/42", "/health/ready", "/openapi", "/no/such/path"}) {
            assertMalformedUri(RawHttp.get(port(), path + "?x=%ZZ"), MalformedUriFilter.BAD_ESCAPE);
        }
        // a truncated escape at the very end
        assertMalformedUri(RawHttp.get(port(), "/errors/things/42?x=%4"), MalformedUriFilter.BAD_ESCAPE);
    }

    @Test
    void malformedPercentEscapeInThePathIsA400Problem() throws IOException {
        assertMalformedUri(RawHttp.get(port(), "/errors/things/%ZZ"), MalformedUriFilter.BAD_ESCAPE);
        assertMalformedUri(RawHttp.get(port(), "/no/%ZZ/here"), MalformedUriFilter.BAD_ESCAPE);
    }

    @Test
    void characterUrisDoNotAllowIsA400Problem() throws IOException {
        assertMalformedUri(RawHttp.get(port(), "/errors/things/42?x=a|b"), MalformedUriFilter.BAD_URI);
    }

    @Test
    void headOfAMalformedUriHasNoBody() throws IOException {
        RawHttp.Answer answer = RawHttp.exchange(port(), "HEAD /errors/things/42?x=%ZZ HTTP/1.1", null);
        assertThat(answer.status(), is(400));
        assertThat(answer.header("Content-Type"), is(Problem.MEDIA_TYPE));
        assertThat(answer.body(), is(""));
    }

    @Test
    void validEscapesStillReachTheResource() throws IOException {
        RawHttp.Answer answer = RawHttp.get(port(), "/errors/things/%34%32?x=%20%C3%A9");
        assertThat(answer.status(), is(404));
        // the resource decoded the id: its own 404 names it
        assertThat(answer.body(), containsString("42"));
        assertThat(RawHttp.get(port(), "/health/live?x=%41").status(), is(200));
    }

    private static void assertMalformedUri(RawHttp.Answer answer, String detail) {
        assertThat(answer.headers(), answer.status(), is(400));
        assertThat(answer.header("Content-Type"), is(Problem.MEDIA_TYPE));
        JsonObject problem = Json.createReader(new StringReader(answer.body())).readObject();
        assertThat(problem.getInt("status"), is(400));
        assertThat(problem.getString("title"), is("Bad Request"));
        assertThat(problem.getString("detail"), is(detail));
        // nothing of the request (URI, Host) or of the server's internals is echoed
        assertThat(answer.body(), not(containsString("ZZ")));
        assertThat(answer.body(), not(containsString("127.0.0.1")));
        assertThat(answer.body(), not(containsString("Exception")));
    }

    private int port() {
        return target.getUri().getPort();
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
