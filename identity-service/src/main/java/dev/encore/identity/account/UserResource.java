package dev.encore.identity.account;

import dev.encore.support.problem.Problem;
import dev.encore.support.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's own profile, role changes by an admin, and account deletion. */
@Path("/users")
@RequestScoped
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "users", description = "Profiles and roles")
@SecurityRequirement(name = "bearer")
public class UserResource {

    @Inject
    AccountService accounts;

    @Context
    SecurityContext security;

    @GET
    @Path("/me")
    @RolesAllowed({"listener", "artist", "curator", "moderator", "admin"})
    @Operation(summary = "My profile")
    @APIResponseSchema(value = Profile.class, responseCode = "200", responseDescription = "The caller's account")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "404", description = "The account was deleted")
    public Profile me() {
        return accounts.find(callerId()).map(Profile::of)
                .orElseThrow(() -> ProblemException.of(Response.Status.NOT_FOUND, "Your account no longer exists."));
    }

    @PUT
    @Path("/{id}/roles")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace an account's roles",
               description = "Admins only. The new roles show in the account's next access token (at its next refresh).")
    @APIResponseSchema(value = Profile.class, responseCode = "200", responseDescription = "The account with its new roles")
    @APIResponse(responseCode = "400", description = "roles missing, empty or naming an unknown role")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    @APIResponse(responseCode = "404", description = "No such account")
    @APIResponse(responseCode = "409", description = "An admin tried to drop their own admin role")
    public Profile changeRoles(@PathParam("id") String id, RolesRequest body) {
        return Profile.of(accounts.changeRoles(callerId(), id, body));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({"listener", "artist", "curator", "moderator", "admin"})
    @Operation(summary = "Delete an account", description = "The account's owner or an admin. Ends every session of "
               + "the account and publishes a DELETED user event; access tokens already issued expire on their own.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "Neither the owner nor an admin")
    @APIResponse(responseCode = "404", description = "No such account")
    public void delete(@PathParam("id") String id) {
        accounts.delete(callerId(), security.isUserInRole(Role.ADMIN.id()), id);
    }

    private String callerId() {
        if (security.getUserPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        throw ProblemException.of(Response.Status.UNAUTHORIZED, "A valid bearer token is required.");
    }
}
