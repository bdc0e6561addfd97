package dev.encore.support.security;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A resource shaped like the services' own: one endpoint open to anyone, one that needs a role. */
@Path("/probe")
@RequestScoped
public class ProbeResource {

    @Context
    SecurityContext security;

    @GET
    @Path("/public")
    @PermitAll
    public String open() {
        return subject();
    }

    @GET
    @Path("/listener")
    @RolesAllowed("listener")
    public String listenerOnly() {
        return subject();
    }

    private String subject() {
        return security.getUserPrincipal() instanceof JsonWebToken jwt ? jwt.getSubject() : "anonymous";
    }
}
