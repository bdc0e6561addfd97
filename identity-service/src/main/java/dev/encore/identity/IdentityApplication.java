package dev.encore.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application of identity-service; bearer tokens are verified as MicroProfile JWTs against identity-service's JWKS. */
@ApplicationScoped
public class IdentityApplication extends Application {
}
