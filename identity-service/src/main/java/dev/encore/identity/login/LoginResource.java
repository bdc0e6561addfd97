package dev.encore.identity.login;

import dev.encore.identity.http.ClientAddress;
import dev.encore.support.problem.Problem;
import dev.encore.support.security.IgnoresBearerToken;
import io.helidon.webserver.http.ServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sign-in, token refresh and sign-out. */
@Path("/auth")
@RequestScoped
@PermitAll
@IgnoresBearerToken
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "auth", description = "Sign-in and tokens")
public class LoginResource {

    @Inject
    LoginService logins;

    @Inject
    ClientAddress clientAddress;

    @Context
    ServerRequest request;

    @POST
    @Path("/login")
    @Operation(summary = "Sign in", description = "Exchanges email and password for an access token (JWT, "
                                                  + "15 minutes by default) and a refresh token.")
    @APIResponseSchema(value = TokenPair.class, responseCode = "200", responseDescription = "Signed in")
    @APIResponse(responseCode = "400", description = "email or password missing")
    @APIResponse(responseCode = "401", description = "Wrong email or password (the same answer for both)")
    @APIResponse(responseCode = "429", description = "Too many failed sign-ins for this account or address",
                 headers = @Header(name = "Retry-After", description = "Seconds to wait",
                                   schema = @Schema(type = SchemaType.INTEGER)))
    public TokenPair login(LoginRequest body) {
        return logins.login(body, clientAddress.of(request));
    }

    @POST
    @Path("/refresh")
    @Operation(summary = "Refresh tokens", description = "Exchanges a refresh token for a new pair. The presented "
               + "token stops working; presenting it again later ends the whole session.")
    @APIResponseSchema(value = TokenPair.class, responseCode = "200", responseDescription = "A new pair")
    @APIResponse(responseCode = "400", description = "refreshToken missing")
    @APIResponse(responseCode = "401", description = "Unknown, expired, revoked or reused refresh token")
    public TokenPair refresh(RefreshRequest body) {
        return logins.refresh(body);
    }

    @POST
    @Path("/logout")
    @Operation(summary = "Sign out", description = "Ends the session the refresh token belongs to. Access tokens "
               + "already issued stay valid until they expire.")
    @APIResponse(responseCode = "204", description = "Signed out (also for an unknown token)")
    @APIResponse(responseCode = "400", description = "refreshToken missing")
    public void logout(RefreshRequest body) {
        logins.logout(body);
    }
}
