package dev.encore.graphql;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application of graphql-api; bearer tokens are verified as MicroProfile JWTs against identity-service's JWKS. */
@ApplicationScoped
public class GraphqlApplication extends Application {
}
