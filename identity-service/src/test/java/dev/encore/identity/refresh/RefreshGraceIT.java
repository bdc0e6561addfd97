package dev.encore.identity.refresh;

import java.util.UUID;

import dev.encore.identity.IdentityApi;
import dev.encore.local.BackingServersExtension;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** Within the grace period, a second tab refreshing the same token is not taken for a thief. */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "jwt.issuer", value = IdentityApi.ISSUER)
@AddConfig(key = "encore.profile", value = "local")
@AddConfig(key = "encore.data-dir", value = "target/it-data/refresh-grace")
@AddConfig(key = "identity.refresh-token.reuse-grace", value = "PT30S")
class RefreshGraceIT {

    @Inject
    WebTarget target;

    @Test
    void secondRefreshWithinGraceGetsASiblingAndKeepsTheSession() {
        IdentityApi api = new IdentityApi(target);
        String email = "tabs-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        assertThat(api.register(email, "correct horse battery", "Tabs").getStatus(), is(201));
        String token = api.tokens(email, "correct horse battery").getString("refreshToken");

        JsonObject firstTab = IdentityApi.ok(api.refresh(token));
        JsonObject secondTab = IdentityApi.ok(api.refresh(token));
        assertThat(secondTab.getString("refreshToken"), not(firstTab.getString("refreshToken")));

        assertThat(api.refresh(firstTab.getString("refreshToken")).getStatus(), is(200));
        assertThat(api.refresh(secondTab.getString("refreshToken")).getStatus(), is(200));
    }
}
