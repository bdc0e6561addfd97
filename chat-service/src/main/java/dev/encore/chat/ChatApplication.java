package dev.encore.chat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application of chat-service; bearer tokens are verified as MicroProfile JWTs against identity-service's JWKS. */
@ApplicationScoped
public class ChatApplication extends Application {
}
