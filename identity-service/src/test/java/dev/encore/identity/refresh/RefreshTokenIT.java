package dev.encore.identity.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.encore.identity.IdentityApi;
import dev.encore.identity.key.KeyRing;
import dev.encore.identity.key.SigningKeys;
import dev.encore.local.BackingServersExtension;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Refresh-token rotation with no grace period: every presented token works once, a reused one ends its session
 * (and only that one), and of two concurrent refreshes of one token exactly one wins.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "jwt.issuer", value = IdentityApi.ISSUER)
@AddConfig(key = "encore.profile", value = "local")
@AddConfig(key = "encore.data-dir", value = "target/it-data/refresh")
@AddConfig(key = "identity.refresh-token.reuse-grace", value = "PT0S")
class RefreshTokenIT {

    private static final String PASSWORD = "correct horse battery";

    @Inject
    WebTarget target;

    @Inject
    SigningKeys keys;

    private IdentityApi api;
    private String email;

    @BeforeEach
    void setUp() {
        api = new IdentityApi(target);
        email = "refresh-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        assertThat(api.register(email, PASSWORD, "Refresher").getStatus(), is(201));
    }

    @Test
    void refreshAndLogoutIgnoreAnExpiredBearerAttached() throws Exception {
        JsonObject tokens = api.tokens(email, PASSWORD);
        String expired = expiredAccessToken(tokens.getString("accessToken"));
        // really expired, and refused where a caller counts...
        Response me = api.me(expired);
        assertThat(me.getStatus(), is(401));
        assertThat(me.readEntity(String.class), containsString("expired"));
        // ...yet a client that attaches its bearer to every request can still refresh and sign out
        Response refreshed = withBearer("/auth/refresh", expired, tokens.getString("refreshToken"));
        assertThat(refreshed.getStatus(), is(200));
        String next = refreshed.readEntity(JsonObject.class).getString("refreshToken");
        assertThat(withBearer("/auth/logout", expired, next).getStatus(), is(204));
        assertThat(api.refresh(next).getStatus(), is(401));
    }

    /** The same token, signed by identity's own key, but expired five minutes ago. */
    private String expiredAccessToken(String accessToken) throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(accessToken).getJWTClaimsSet();
        Instant past = Instant.now().minus(Duration.ofMinutes(5));
        JWTClaimsSet stale = new JWTClaimsSet.Builder(claims).issueTime(Date.from(past.minus(Duration.ofMinutes(15))))
                .expirationTime(Date.from(past)).build();
        KeyRing ring = keys.current();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(ring.algorithm()).keyID(ring.kid())
                                              .type(JOSEObjectType.JWT).build(), stale);
        jwt.sign(ring.signer());
        return jwt.serialize();
    }

    private Response withBearer(String path, String accessToken, String refreshToken) {
        return target.path(path).request().header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
                .post(Entity.json(Json.createObjectBuilder().add("refreshToken", refreshToken).build()));
    }

    @Test
    void refreshReturnsANewPairAndRetiresTheOldToken() {
        JsonObject first = api.tokens(email, PASSWORD);
        JsonObject second = IdentityApi.ok(api.refresh(first.getString("refreshToken")));
        assertThat(second.getString("refreshToken"), not(first.getString("refreshToken")));
        assertThat(api.verify(second.getString("accessToken")).getSubject(),
                   is(api.verify(first.getString("accessToken")).getSubject()));
        assertThat(api.me(second.getString("accessToken")).getStatus(), is(200));

        JsonObject third = IdentityApi.ok(api.refresh(second.getString("refreshToken")));
        assertThat(third.getString("tokenType"), is("Bearer"));
    }

    @Test
    void reusingARotatedTokenRevokesItsFamilyButNotOtherSessions() {
        JsonObject laptop = api.tokens(email, PASSWORD);
        JsonObject phone = api.tokens(email, PASSWORD);
        JsonObject rotated = IdentityApi.ok(api.refresh(laptop.getString("refreshToken")));

        Response reuse = api.refresh(laptop.getString("refreshToken"));
        assertThat(reuse.getStatus(), is(401));
        assertThat(reuse.getMediaType().toString(), is("application/problem+json"));
        // The thief's replay also killed the legitimate successor in the same family...
        assertThat(api.refresh(rotated.getString("refreshToken")).getStatus(), is(401));
        // ...but not the user's other session.
        assertThat(api.refresh(phone.getString("refreshToken")).getStatus(), is(200));
    }

    @Test
    void concurrentRefreshesOfOneTokenHaveExactlyOneWinnerOutsideGrace() throws Exception {
        String token = api.tokens(email, PASSWORD).getString("refreshToken");
        int racers = 5;
        CyclicBarrier start = new CyclicBarrier(racers);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Callable<Response>> refreshes = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                refreshes.add(() -> {
                    start.await();
                    Response response = api.refresh(token);
                    response.bufferEntity();
                    return response;
                });
            }
            List<Integer> statuses = new ArrayList<>();
            JsonObject winner = null;
            for (Future<Response> result : pool.invokeAll(refreshes)) {
                Response response = result.get();
                statuses.add(response.getStatus());
                if (response.getStatus() == 200) {
                    winner = IdentityApi.json(response);
                }
            }
            assertThat(statuses.toString(), statuses.stream().filter(status -> status == 200).count(), is(1L));
            assertThat(statuses.toString(), statuses.stream().filter(status -> status == 401).count(),
                       is((long) racers - 1));
            // Without a grace period the losers were replays of a rotated token, so the session is over...
            assertThat(api.refresh(winner.getString("refreshToken")).getStatus(), is(401));
            // ...though the access token the winner got stays valid until it expires.
            assertThat(api.me(winner.getString("accessToken")).getStatus(), is(200));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void logoutEndsTheSession() {
        JsonObject tokens = api.tokens(email, PASSWORD);
        JsonObject other = api.tokens(email, PASSWORD);
        assertThat(api.logout(tokens.getString("refreshToken")).getStatus(), is(204));
        assertThat(api.refresh(tokens.getString("refreshToken")).getStatus(), is(401));
        assertThat(api.logout(tokens.getString("refreshToken")).getStatus(), is(204));
        assertThat(api.refresh(other.getString("refreshToken")).getStatus(), is(200));
    }

    @Test
    void unknownOrMissingRefreshTokensAreRefused() {
        assertThat(api.refresh("x".repeat(43)).getStatus(), is(401));
        Response missing = api.postRaw("/auth/refresh", "{}", "application/json");
        assertThat(missing.getStatus(), is(400));
        assertThat(IdentityApi.json(missing).getString("field"), is("refreshToken"));
    }
}
