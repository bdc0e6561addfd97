package dev.encore.identity.key;

import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.encore.identity.IdentityApi;
import dev.encore.local.BackingServersExtension;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** The JWKS, the discovery document, and a key rotation that no signed-in user notices. */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "jwt.issuer", value = IdentityApi.ISSUER)
@AddConfig(key = "encore.profile", value = "local")
@AddConfig(key = "encore.data-dir", value = "target/it-data/keys")
class SigningKeyIT {

    @Inject
    WebTarget target;

    private IdentityApi api;

    @BeforeEach
    void setUp() {
        api = new IdentityApi(target);
    }

    @Test
    void jwksPublishesPublicKeysOnly() {
        Response response = target.path("/.well-known/jwks.json").request().get();
        assertThat(response.getStatus(), is(200));
        assertThat(response.getHeaderString(HttpHeaders.CACHE_CONTROL), containsString("max-age"));
        String body = response.readEntity(String.class);
        for (String privateMember : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"")) {
            assertThat(body, not(containsString(privateMember)));
        }
        JWKSet jwks = api.jwks();
        for (JWK key : jwks.getKeys()) {
            assertThat(key.isPrivate(), is(false));
            assertThat(key.getKeyID() != null, is(true));
            assertThat(key.getAlgorithm().getName(), is("RS256"));
        }
    }

    @Test
    void discoveryDocumentPointsAtTheJwks() {
        JsonObject discovery = IdentityApi.ok(target.path("/.well-known/openid-configuration").request().get());
        assertThat(discovery.getString("issuer"), is(IdentityApi.ISSUER));
        assertThat(discovery.getString("jwks_uri"), is(IdentityApi.ISSUER + "/.well-known/jwks.json"));
        assertThat(discovery.getString("token_endpoint"), is(IdentityApi.ISSUER + "/auth/refresh"));
    }

    @Test
    void afterRotationOldTokensStillVerifyAndTheNewKeySigns() {
        JsonObject before = api.tokens("admin@demo.local", "demo-admin-pass");
        String oldKid = IdentityApi.kid(before.getString("accessToken"));

        Response rotated = target.path("/keys/rotate").request()
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + before.getString("accessToken")).post(null);
        assertThat(rotated.getStatus(), is(200));
        String newKid = IdentityApi.json(rotated).getString("kid");
        assertThat(newKid, not(oldKid));

        List<String> published = api.jwks().getKeys().stream().map(JWK::getKeyID).toList();
        assertThat(published, hasItem(oldKid));
        assertThat(published, hasItem(newKid));

        // A token signed before the rotation keeps working, here and for any verifier of the JWKS.
        api.verify(before.getString("accessToken"));
        assertThat(api.me(before.getString("accessToken")).getStatus(), is(200));

        JsonObject after = IdentityApi.ok(api.refresh(before.getString("refreshToken")));
        assertThat(IdentityApi.kid(after.getString("accessToken")), is(newKid));
        api.verify(after.getString("accessToken"));
        assertThat(api.me(after.getString("accessToken")).getStatus(), is(200));
    }

    @Test
    void onlyAdminsRotate() {
        JsonObject listener = api.tokens("listener@demo.local", "demo-listener-pass");
        Response refused = target.path("/keys/rotate").request()
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + listener.getString("accessToken")).post(null);
        assertThat(refused.getStatus(), is(403));
        assertThat(target.path("/keys/rotate").request().post(null).getStatus(), is(401));
    }
}
