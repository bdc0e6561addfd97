package dev.encore.identity;

import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The HTTP surface of identity-service as the tests use it, plus token checks done the way another service would:
 * with nimbus-jose-jwt against the JWKS fetched over HTTP, never with the code that signed the token.
 */
public final class IdentityApi {

    public static final String ISSUER = "http://identity.test";
    public static final String AUDIENCE = "encore";

    private final WebTarget target;

    public IdentityApi(WebTarget target) {
        this.target = target;
    }

    public Response register(String email, String password, String displayName) {
        return post("/auth/register", Json.createObjectBuilder().add("email", email).add("password", password)
                .add("displayName", displayName).build());
    }

    public Response login(String email, String password) {
        return post("/auth/login", Json.createObjectBuilder().add("email", email).add("password", password).build());
    }

    public Response loginFrom(String address, String email, String password) {
        return target.path("/auth/login").request().header("X-Forwarded-For", "10.9.9.9, " + address)
                .post(Entity.json(Json.createObjectBuilder().add("email", email).add("password", password).build()));
    }

    /** Logs in and returns the token pair; fails the test on anything but 200. */
    public JsonObject tokens(String email, String password) {
        Response response = login(email, password);
        return ok(response);
    }

    public Response refresh(String refreshToken) {
        return post("/auth/refresh", Json.createObjectBuilder().add("refreshToken", refreshToken).build());
    }

    public Response logout(String refreshToken) {
        return post("/auth/logout", Json.createObjectBuilder().add("refreshToken", refreshToken).build());
    }

    public Response me(String accessToken) {
        return target.path("/users/me").request().header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken).get();
    }

    public Response setRoles(String accessToken, String userId, String... roles) {
        var list = Json.createArrayBuilder();
        for (String role : roles) {
            list.add(role);
        }
        return target.path("/users/" + userId + "/roles").request()
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
                .put(Entity.json(Json.createObjectBuilder().add("roles", list).build()));
    }

    public Response post(String path, JsonObject body) {
        return target.path(path).request().post(Entity.json(body));
    }

    public Response postRaw(String path, String body, String contentType) {
        return target.path(path).request().post(Entity.entity(body, MediaType.valueOf(contentType)));
    }

    public WebTarget target() {
        return target;
    }

    public static JsonObject ok(Response response) {
        String body = response.readEntity(String.class);
        if (response.getStatus() != 200 && response.getStatus() != 201) {
            throw new AssertionError("expected success, got " + response.getStatus() + ": " + body);
        }
        return Json.createReader(new java.io.StringReader(body)).readObject();
    }

    public static JsonObject json(Response response) {
        return Json.createReader(new java.io.StringReader(response.readEntity(String.class))).readObject();
    }

    /** The served JWKS, fetched over real HTTP. */
    public JWKSet jwks() {
        try {
            URL url = URI.create(target.getUri().toString()).resolve("/.well-known/jwks.json").toURL();
            return JWKSet.load(url);
        } catch (Exception e) {
            throw new AssertionError("could not load the JWKS", e);
        }
    }

    /** Verifies signature (RS256/ES256 from the served JWKS), issuer, audience and expiry; returns the claims. */
    public JWTClaimsSet verify(String token) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                                                                     new ImmutableJWKSet<>(jwks())));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new HashSet<>(Set.of(AUDIENCE)), new JWTClaimsSet.Builder().issuer(ISSUER).build(),
                new HashSet<>(Set.of("iss", "sub", "upn", "groups", "aud", "exp", "iat", "jti")), null));
        try {
            return processor.process(token, null);
        } catch (Exception e) {
            throw new AssertionError("the token does not verify against the served JWKS: " + e.getMessage(), e);
        }
    }

    public static String kid(String token) {
        try {
            return SignedJWT.parse(token).getHeader().getKeyID();
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }
}
