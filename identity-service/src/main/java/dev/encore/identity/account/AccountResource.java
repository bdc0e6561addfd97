package dev.encore.identity.account;

import java.net.URI;

import dev.encore.support.problem.Problem;
import dev.encore.support.security.IgnoresBearerToken;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Registration: the one endpoint that may tell whether an email is taken. */
@Path("/auth/register")
@RequestScoped
@PermitAll
@IgnoresBearerToken
@Tag(name = "auth")
public class AccountResource {

    @Inject
    AccountService accounts;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Register", description = "Creates an account with the listener role. Password: 10 to 128 "
               + "characters; displayName: 1 to 64 printable characters; the email is stored trimmed and lower-case.")
    @APIResponseSchema(value = Profile.class, responseCode = "201", responseDescription = "Created")
    @APIResponse(responseCode = "400", description = "A field is missing or breaks a rule (the problem's field names it)")
    @APIResponse(responseCode = "409", description = "The email is taken")
    @APIResponse(responseCode = "413", description = "The body is over 64 KiB")
    @APIResponse(responseCode = "415", description = "The body is not application/json")
    public Response register(RegisterRequest body) {
        AccountDocument account = accounts.register(body);
        return Response.created(URI.create("/users/" + account.id())).entity(Profile.of(account)).build();
    }
}
