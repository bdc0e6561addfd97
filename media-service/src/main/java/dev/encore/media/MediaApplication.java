package dev.encore.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application of media-service; bearer tokens are verified as MicroProfile JWTs against identity-service's JWKS. */
@ApplicationScoped
public class MediaApplication extends Application {
}
