package dev.encore.support.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Application;

/**
 * The same application shape as every Encore service: a JAX-RS application that lists no classes,
 * so it picks up every discovered resource and provider.
 */
@ApplicationScoped
public class ProbeApplication extends Application {
}
