package dev.encore.identity;

import dev.encore.support.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The JAX-RS application of identity-service. Bearer tokens are verified by service-support against this service's
 * own key store ({@code IdentityVerificationKeys}), not over HTTP.
 */
@ApplicationScoped
@OpenAPIDefinition(info = @Info(title = "Encore identity-service", version = "1",
                                description = "Accounts, sign-in, JWT access tokens (JWKS), refresh tokens and roles. "
                                              + "Errors are RFC 9457 application/problem+json."),
                   // every error response refers to it (ProblemResponses)
                   components = @Components(schemas = @Schema(name = "Problem", implementation = Problem.class)))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class IdentityApplication extends Application {
}
