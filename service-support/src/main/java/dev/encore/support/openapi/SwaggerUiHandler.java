package dev.encore.support.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

import io.helidon.http.HeaderNames;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.staticcontent.StaticContentService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Swagger UI at {@code /swagger-ui/}, over this service's {@code /openapi}. The page and its scripts are those of the
 * {@code org.webjars:swagger-ui} jar, served by Helidon's static content from the classpath (no network, no CDN); only
 * the initializer script is ours, because the webjar's points at the Petstore demo.
 *
 * <p>Not Helidon's OpenAPI UI integration ({@code io.helidon.integrations.openapi-ui:helidon-integrations-openapi-ui},
 * which would serve it at {@code /openapi/ui}): its 4.1.2 release is not on the Maven mirror we build from (checked
 * again 2026-12-05). {@code io.smallrye:smallrye-open-api-ui} 3.3.4 is, but it is only the page, with Swagger UI
 * 4.18.3, and needs a route of our own all the same.
 *
 * <p>Helidon 4.1.2 copies a jar entry to a temporary file the first time it serves it, unless the entry is held in
 * memory: the files the page loads are, so the UI needs no writable disk (the containers' root filesystem is
 * read-only; anything else in the webjar goes through their {@code /tmp}).
 *
 * <p>Not itself an {@code HttpService}: Helidon MP registers every CDI bean that is one at the root of the default
 * routing (without {@code @RoutingPath}), ahead of JAX-RS, whatever {@code swagger-ui.enabled} says. Its webjar
 * handler then looked every GET that reached JAX-RS up on the class path, twice (the path and its
 * {@code index.html}, through every jar) before letting it through: a quarter of the CPU of a constant JAX-RS
 * endpoint, and {@code /index.html} answered with the Swagger page (issue 13 item 5).
 */
@ApplicationScoped
public class SwaggerUiHandler {

    static final String PATH = "/swagger-ui";
    private static final List<String> PAGE_FILES = List.of("index.html", "index.css", "swagger-ui.css",
            "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-16x16.png", "favicon-32x32.png");
    private static final String INITIALIZER = """
            window.onload = function () {
              window.ui = SwaggerUIBundle({
                url: "/openapi",
                dom_id: "#swagger-ui",
                deepLinking: true,
                persistAuthorization: true,
                presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                plugins: [SwaggerUIBundle.plugins.DownloadUrl],
                layout: "StandaloneLayout"
              });
            };
            """;

    @Inject
    @ConfigProperty(name = "swagger-ui.enabled")
    boolean enabled;

    /** Mounts the route before the server starts (it observes the same event at a later priority). */
    void mount(@Observes @Initialized(ApplicationScoped.class) Object startup, BeanManager beans) {
        if (enabled) {
            beans.getExtension(ServerCdiExtension.class).serverRoutingBuilder().register(PATH, this::routing);
        }
    }

    void routing(HttpRules rules) {
        StaticContentService.ClassPathBuilder webjar =
                StaticContentService.builder("META-INF/resources/webjars/swagger-ui/" + webjarVersion());
        webjar.welcomeFileName("index.html");
        PAGE_FILES.forEach(webjar::addCacheInMemory);
        rules.get("/swagger-initializer.js", (request, response) -> {
            response.header(HeaderNames.CONTENT_TYPE, "text/javascript; charset=utf-8");
            response.send(INITIALIZER);
        });
        rules.register(webjar.build());
    }

    private static String webjarVersion() {
        try (InputStream in = SwaggerUiHandler.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("org.webjars:swagger-ui is not on the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
