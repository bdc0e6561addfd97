package dev.encore.support.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The same application shape as every Encore service: MP-JWT login on a JAX-RS application that lists no classes,
 * so it picks up every discovered resource and provider.
 */
@ApplicationScoped
@LoginConfig(authMethod = "MP-JWT")
public class ProbeApplication extends Application {
}
