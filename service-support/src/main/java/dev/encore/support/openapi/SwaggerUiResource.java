package dev.encore.support.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Swagger UI at {@code /swagger-ui/}, pointed at this service's {@code /openapi}. The page and its scripts come from
 * the {@code org.webjars:swagger-ui} jar on the classpath, so it works with no network; only the initializer script
 * is ours (the webjar's points at the Petstore demo).
 */
@Path("/swagger-ui")
@PermitAll
@ApplicationScoped
public class SwaggerUiResource {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "png", "image/png");

    @Inject
    @ConfigProperty(name = "swagger-ui.enabled")
    boolean enabled;

    private final String webjarRoot = "META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";

    /** JAX-RS matches {@code /swagger-ui} and {@code /swagger-ui/} alike; the page's relative links need the slash. */
    @GET
    @Operation(hidden = true)
    public Response index(@Context UriInfo uri) {
        if (!uri.getRequestUri().getPath().endsWith("/")) {
            return Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create("/swagger-ui/")).build();
        }
        return file("index.html");
    }

    @GET
    @Path("/swagger-initializer.js")
    @Operation(hidden = true)
    public Response initializer() {
        requireEnabled();
        String script = """
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
        return Response.ok(script, TYPES.get("js")).build();
    }

    @GET
    @Path("/{file}")
    @Operation(hidden = true)
    public Response file(@PathParam("file") String file) {
        requireEnabled();
        if (!FILE_NAME.matcher(file).matches()) {
            throw new NotFoundException();
        }
        InputStream content = SwaggerUiResource.class.getClassLoader().getResourceAsStream(webjarRoot + file);
        if (content == null) {
            throw new NotFoundException();
        }
        String extension = file.substring(file.lastIndexOf('.') + 1);
        CacheControl cache = new CacheControl();
        cache.setMaxAge(3600);
        return Response.ok(content, TYPES.getOrDefault(extension, "application/octet-stream"))
                .cacheControl(cache)
                .build();
    }

    private void requireEnabled() {
        if (!enabled) {
            throw new NotFoundException();
        }
    }

    private static String webjarVersion() {
        try (InputStream in = SwaggerUiResource.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                return "missing";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
