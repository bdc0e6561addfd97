package dev.encore.support.openapi;

import dev.encore.local.BackingServersExtension;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.client.ClientProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** Swagger UI is served from the classpath (no network) and reads this service's own OpenAPI document. */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
class SwaggerUiIT {

    @Inject
    WebTarget target;

    @Test
    void pageAndScriptsAreServedWithoutAToken() {
        Response page = target.path("/swagger-ui/").request().get();
        assertThat(page.getStatus(), is(200));
        assertThat(page.getMediaType().toString(), startsWith("text/html"));
        assertThat(page.readEntity(String.class), containsString("swagger-initializer.js"));

        Response bundle = target.path("/swagger-ui/swagger-ui-bundle.js").request().get();
        assertThat(bundle.getStatus(), is(200));
        assertThat(bundle.readEntity(String.class).length(), greaterThan(100_000));
    }

    @Test
    void pathWithoutTheSlashRedirectsToThePage() {
        Response redirect = target.path("/swagger-ui").request()
                .property(ClientProperties.FOLLOW_REDIRECTS, false).get();
        assertThat(redirect.getStatus(), is(301));
        assertThat(redirect.getHeaderString("Location"), endsWith("/swagger-ui/"));
    }

    @Test
    void initializerPointsAtThisServicesOpenApi() {
        Response script = target.path("/swagger-ui/swagger-initializer.js").request().get();
        assertThat(script.getMediaType().toString(), startsWith("text/javascript"));
        String text = script.readEntity(String.class);
        assertThat(text, containsString("url: \"/openapi\""));
        assertThat(text, not(containsString("petstore")));
        assertThat(target.path("/openapi").request().get().getStatus(), is(200));
    }

    @Test
    void onlyWebjarFilesAreReachable() {
        assertThat(target.path("/swagger-ui/..%2F..%2F..%2F..%2Fmaven%2Forg.webjars%2Fswagger-ui%2Fpom.properties")
                           .request().get().getStatus(), is(404));
        assertThat(target.path("/swagger-ui/no-such-file.js").request().get().getStatus(), is(404));
    }

    @Test
    void nothingOfTheUiIsServedOutsideItsPath() {
        // Helidon MP mounts every HttpService bean at the root: the UI's files must not answer there
        assertThat(target.path("/index.html").request().get().getStatus(), is(404));
        assertThat(target.path("/swagger-ui-bundle.js").request().get().getStatus(), is(404));
    }
}
