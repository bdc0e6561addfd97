package dev.encore.identity.key;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.encore.identity.IdentityConfig;
import dev.encore.support.security.IgnoresBearerToken;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The public keys that verify access tokens, and the discovery document that points at them. */
@Path("/.well-known")
@RequestScoped
@PermitAll
@IgnoresBearerToken
@Tag(name = "keys", description = "Token verification keys")
public class WellKnownResource {

    /**
     * Short, so a verifier that cached the set sees a published next key soon; verifiers also refetch on an unknown
     * kid, so a rotation never waits for this.
     */
    private static final int MAX_AGE_SECONDS = 300;

    @Inject
    SigningKeys keys;

    @Inject
    IdentityConfig config;

    @GET
    @Path("/jwks.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "JSON Web Key Set", description = "The public keys of every key that may have signed a "
               + "valid access token: the active one and, after a rotation, the previous ones until their tokens "
               + "have expired. Never private material.")
    @APIResponse(responseCode = "200", description = "RFC 7517 JWK set")
    public Response jwks() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(MAX_AGE_SECONDS);
        String body = keys.current().publicKeys(Instant.now()).toString(true);
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).cacheControl(cache).build();
    }

    @GET
    @Path("/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Discovery document", description = "Issuer, JWKS location and the token endpoints.")
    @APIResponse(responseCode = "200", description = "OpenID Provider metadata (the subset that applies)")
    public Map<String, Object> openidConfiguration() {
        String base = config.publicUrl();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", config.issuer());
        metadata.put("jwks_uri", base + "/.well-known/jwks.json");
        metadata.put("token_endpoint", base + "/auth/refresh");
        metadata.put("login_endpoint", base + "/auth/login");
        metadata.put("refresh_endpoint", base + "/auth/refresh");
        metadata.put("revocation_endpoint", base + "/auth/logout");
        metadata.put("registration_endpoint", base + "/auth/register");
        metadata.put("userinfo_endpoint", base + "/users/me");
        metadata.put("id_token_signing_alg_values_supported", List.of(keys.current().algorithm().getName()));
        metadata.put("token_endpoint_auth_methods_supported", List.of("none"));
        metadata.put("grant_types_supported", List.of("password", "refresh_token"));
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("claims_supported", List.of("iss", "sub", "upn", "groups", "aud", "exp", "iat", "jti", "name"));
        return metadata;
    }
}
