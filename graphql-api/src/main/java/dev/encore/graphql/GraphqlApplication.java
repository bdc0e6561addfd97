package dev.encore.graphql;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/** The JAX-RS application of graphql-api; bearer tokens are verified as MicroProfile JWTs against identity-service's JWKS. */
@ApplicationScoped
@LoginConfig(authMethod = "MP-JWT")
public class GraphqlApplication extends Application {
}
