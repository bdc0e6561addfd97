package dev.encore.support.security;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Endpoints shaped like the services' own: open, token-issuing (ignores the
 * bearer), role-protected, unannotated (secure by default), closed. */
@Path("/probe")
@RequestScoped
public class ProbeResource {

    @Context
    SecurityContext security;

    @Inject
    JsonWebToken jwt;

    @GET
    @Path("/public")
    @PermitAll
    public String open() {
        return security.getUserPrincipal() instanceof JsonWebToken token ? token.getSubject() : "anonymous";
    }

    @GET
    @Path("/listener")
    @RolesAllowed("listener")
    public String listenerOnly() {
        return jwt.getSubject() + " " + jwt.getGroups() + " exp=" + jwt.getExpirationTime();
    }

    @GET
    @Path("/unannotated")
    public String unannotated() {
        return jwt.getSubject();
    }

    @GET
    @Path("/issuing")
    @PermitAll
    @IgnoresBearerToken
    public String issuing() {
        return security.getUserPrincipal() instanceof JsonWebToken token ? token.getSubject() : "anonymous";
    }

    @GET
    @Path("/closed")
    @DenyAll
    public String closed() {
        return "never";
    }
}
