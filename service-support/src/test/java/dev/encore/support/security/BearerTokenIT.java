package dev.encore.support.security;

import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * A token that is present but not valid is refused with 401 on public and protected endpoints alike; it never
 * quietly turns the caller into an anonymous user. The exceptions: token-issuing endpoints ({@link IgnoresBearerToken})
 * and OPTIONS, which never look at the header. The tokens are signed by a real key whose JWKS is served over HTTP.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddBean(ProbeApplication.class)
@AddBean(ProbeResource.class)
class BearerTokenIT {

    @Inject
    WebTarget target;

    private final TestTokenIssuer issuer = TestTokenIssuer.shared();

    @Test
    void validTokenIsAcceptedOnPublicAndProtectedEndpoints() {
        String token = issuer.token("user-1", "listener");
        assertThat(get("/probe/public", token).readEntity(String.class), is("user-1"));
        Response response = get("/probe/listener", token);
        assertThat(response.getStatus(), is(200));
        // MP JWT types: groups as a set, exp as seconds since the epoch
        assertThat(response.readEntity(String.class), matchesPattern("user-1 \\[listener\\] exp=\\d{10}"));
    }

    @Test
    void endpointWithoutAnnotationNeedsAnAuthenticatedCaller() {
        assertThat(get("/probe/unannotated", null).getStatus(), is(401));
        assertThat(get("/probe/unannotated", issuer.token("user-3")).readEntity(String.class), is("user-3"));
    }

    @Test
    void denyAllRefusesEvenAValidToken() {
        assertThat(get("/probe/closed", issuer.token("user-1", "admin")).getStatus(), is(403));
    }

    @Test
    void rotatedSigningKeyIsFetchedOnceAndOldTokensKeepWorking() {
        String before = issuer.token("user-1", "listener");
        assertThat(get("/probe/listener", before).getStatus(), is(200));
        int fetches = issuer.jwksRequests();
        for (int i = 0; i < 5; i++) {
            assertThat(get("/probe/listener", before).getStatus(), is(200));
        }
        assertThat("the JWKS is cached, not fetched per request", issuer.jwksRequests(), is(fetches));

        issuer.rotateKey();
        String after = issuer.token("user-1", "listener");
        assertThat(get("/probe/listener", after).getStatus(), is(200));
        assertThat(get("/probe/listener", before).getStatus(), is(200));
        assertThat("an unknown kid refetches the JWKS once", issuer.jwksRequests(), is(fetches + 1));
    }

    @Test
    void basicCredentialsAreRefused() {
        Response response = target.path("/probe/public").request()
                .header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz").get();
        assertThat(response.getStatus(), is(401));
    }

    @Test
    void noTokenIsAnonymousOnPublicAndRefusedOnProtected() {
        assertThat(get("/probe/public", null).readEntity(String.class), is("anonymous"));
        Response refused = get("/probe/listener", null);
        assertThat(refused.getStatus(), is(401));
        assertThat(refused.getMediaType().toString(), is("application/problem+json"));
        assertThat(refused.getHeaderString(HttpHeaders.WWW_AUTHENTICATE), containsString("Bearer"));
    }

    @Test
    void validTokenWithoutTheRoleIsForbidden() {
        Response forbidden = get("/probe/listener", issuer.token("user-2", "artist"));
        assertThat(forbidden.getStatus(), is(403));
        assertThat(forbidden.getMediaType().toString(), is("application/problem+json"));
    }

    @Test
    void forgedSignatureIsRefused() {
        assertRefused(issuer.forgedToken("user-1", "listener"));
    }

    @Test
    void expiredTokenIsRefused() {
        assertRefused(issuer.expiredToken("user-1", "listener"));
    }

    @Test
    void tokenFromAnotherIssuerIsRefused() {
        assertRefused(issuer.tokenFromIssuer("https://evil.example", "user-1", "listener"));
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        assertRefused(issuer.tokenForAudience("another-api", "user-1", "listener"));
    }

    @Test
    void garbageTokenIsRefused() {
        assertRefused("not.a.jwt");
    }

    @Test
    void tokenIssuingEndpointIgnoresAnyBearer() {
        // An expired token is exactly what a client holds when it comes to refresh.
        for (String token : new String[] {issuer.expiredToken("user-1", "listener"), "not.a.jwt",
                                          issuer.forgedToken("user-1")}) {
            Response response = get("/probe/issuing", token);
            assertThat(response.getStatus(), is(200));
            assertThat(response.readEntity(String.class), is("anonymous"));
        }
        // even a valid one does not make the caller known there: the header is not looked at
        assertThat(get("/probe/issuing", issuer.token("user-1")).readEntity(String.class), is("anonymous"));
        Response basic = target.path("/probe/issuing").request()
                .header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz").get();
        assertThat(basic.getStatus(), is(200));
    }

    @Test
    void anonymousOptionsIsAnsweredWithAllowOnProtectedAndPublicEndpoints() {
        for (String path : new String[] {"/probe/listener", "/probe/unannotated", "/probe/public", "/probe/closed"}) {
            Response response = target.path(path).request().options();
            assertThat(path, response.getStatus(), both(greaterThanOrEqualTo(200)).and(lessThan(300)));
            assertThat(path, response.getHeaderString("Allow"), containsString("GET"));
        }
        // a preflight-like OPTIONS with a stale token is not refused either
        Response stale = target.path("/probe/listener").request()
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + issuer.expiredToken("user-1", "listener")).options();
        assertThat(stale.getStatus(), both(greaterThanOrEqualTo(200)).and(lessThan(300)));
        // ...while the methods themselves stay protected
        assertThat(get("/probe/listener", null).getStatus(), is(401));
    }

    @Test
    void tokenWithoutExpiryIsRefusedSayingSo() {
        Response response = get("/probe/listener", issuer.tokenWithoutExpiry("user-1", "listener"));
        assertThat(response.getStatus(), is(401));
        assertThat(response.readEntity(String.class), containsString("The token has no expiry (exp)."));
        assertRefused(issuer.tokenWithoutExpiry("user-1", "listener"));
    }

    @Test
    void bearerWithoutATokenIsRefusedSayingTheTokenIsMissing() {
        for (String header : new String[] {"Bearer ", "Bearer", "bearer   "}) {
            Response response = target.path("/probe/public").request().header(HttpHeaders.AUTHORIZATION, header).get();
            assertThat(header, response.getStatus(), is(401));
            String body = response.readEntity(String.class);
            assertThat(header, body, containsString("carries no token"));
            assertThat(header, body, not(containsString("Only Bearer")));
        }
    }

    @Test
    void otherInvalidTokenReasonsAreNamed() {
        assertThat(get("/probe/public", issuer.expiredToken("user-1")).readEntity(String.class),
                   containsString("The token has expired."));
        assertThat(get("/probe/public", issuer.tokenFromIssuer("https://evil.example", "user-1"))
                           .readEntity(String.class), containsString("issuer this service does not trust"));
    }

    private void assertRefused(String token) {
        for (String path : new String[] {"/probe/public", "/probe/listener"}) {
            Response response = get(path, token);
            assertThat(path, response.getStatus(), is(401));
            assertThat(path, response.getMediaType().toString(), is("application/problem+json"));
            assertThat(path, response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE), containsString("Bearer"));
            assertThat(path, response.readEntity(String.class), containsString("\"status\":401"));
        }
    }

    private Response get(String path, String token) {
        var request = target.path(path).request();
        if (token != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return request.get();
    }
}
