package dev.encore.identity.login;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.encore.identity.IdentityApi;
import dev.encore.identity.account.PasswordHasher;
import dev.encore.local.BackingServersExtension;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * Sign-in and brute-force protection. Each test signs in from an address of its own (through the trusted
 * X-Forwarded-For header), so the per-address counters of one test never touch another.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddBean(CountingPasswordHasher.class)
@AddConfig(key = "jwt.issuer", value = IdentityApi.ISSUER)
@AddConfig(key = "encore.profile", value = "local")
@AddConfig(key = "encore.data-dir", value = "target/it-data/login")
@AddConfig(key = "identity.login.account-threshold", value = "3")
@AddConfig(key = "identity.login.ip-threshold", value = "6")
// Lockouts of seconds, not minutes, yet long enough that a slow request cannot outlive one unnoticed.
@AddConfig(key = "identity.login.lockout-base", value = "PT3S")
@AddConfig(key = "identity.login.lockout-max", value = "PT12S")
@AddConfig(key = "identity.login.client-ip-header", value = "X-Forwarded-For")
class LoginIT {

    private static final String PASSWORD = "correct horse battery";

    @Inject
    WebTarget target;

    @Inject
    MongoDatabase database;

    private IdentityApi api;
    private String email;
    private String address;

    @BeforeEach
    void setUp() {
        api = new IdentityApi(target);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        email = "login-" + tag + "@example.com";
        address = "192.0.2." + (Math.abs(tag.hashCode()) % 250 + 1) + "-" + tag;
        assertThat(api.register(email, PASSWORD, "Login Tester").getStatus(), is(201));
    }

    @Test
    void tokenEndpointsIgnoreAGarbageBearerAttached() {
        String garbage = "Bearer not.a.jwt";
        // refused where a caller counts...
        assertThat(target.path("/users/me").request().header(HttpHeaders.AUTHORIZATION, garbage).get().getStatus(),
                   is(401));
        // ...ignored where tokens are issued or published
        Response login = target.path("/auth/login").request().header("X-Forwarded-For", address)
                .header(HttpHeaders.AUTHORIZATION, garbage)
                .post(Entity.json(Json.createObjectBuilder().add("email", email).add("password", PASSWORD).build()));
        assertThat(login.getStatus(), is(200));
        Response register = target.path("/auth/register").request().header(HttpHeaders.AUTHORIZATION, garbage)
                .post(Entity.json(Json.createObjectBuilder().add("email", "other-" + email).add("password", PASSWORD)
                                          .add("displayName", "Other").build()));
        assertThat(register.getStatus(), is(201));
        assertThat(target.path("/.well-known/jwks.json").request().header(HttpHeaders.AUTHORIZATION, garbage).get()
                           .getStatus(), is(200));
    }

    @Test
    void anonymousOptionsDescribesTheEndpoint() {
        for (String path : new String[] {"/auth/login", "/.well-known/jwks.json", "/users/me"}) {
            Response response = target.path(path).request().options();
            assertThat(path, response.getStatus(), both(greaterThan(199)).and(lessThanOrEqualTo(299)));
            assertThat(path, response.getHeaderString("Allow"), not(nullValue()));
        }
    }

    @Test
    void unknownEmailAndWrongPasswordGetTheSameAnswerForTheSameWork() {
        int before = CountingPasswordHasher.verifications();
        Response wrongPassword = api.loginFrom(address, email, "wrong password!");
        assertThat("a wrong password is one Argon2 verification", CountingPasswordHasher.verificationsSince(before),
                   is(1));
        before = CountingPasswordHasher.verifications();
        Response unknownEmail = api.loginFrom(address + "b", "nobody-" + email, "wrong password!");
        // A missing account must not answer in a fraction of the time: it verifies against a decoy hash instead.
        assertThat("an unknown email is one Argon2 verification too", CountingPasswordHasher.verificationsSince(before),
                   is(1));
        assertThat(wrongPassword.getStatus(), is(401));
        assertThat(unknownEmail.getStatus(), is(401));
        assertThat(unknownEmail.readEntity(String.class), is(wrongPassword.readEntity(String.class)));
    }

    @Test
    void failuresPastTheThresholdLockTheAccountLongerEachTimeUntilASuccess() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(api.loginFrom(address, email, "wrong password!").getStatus(), is(401));
        }
        Response locked = api.loginFrom(address, email, PASSWORD);
        assertThat("even the right password waits", locked.getStatus(), is(429));
        assertThat(locked.getMediaType().toString(), is("application/problem+json"));
        int first = Integer.parseInt(locked.getHeaderString("Retry-After"));
        assertThat("the base lockout is 3 s", first, both(greaterThan(0)).and(lessThanOrEqualTo(3)));

        Thread.sleep(first * 1000L + 100);
        assertThat(api.loginFrom(address, email, "wrong password!").getStatus(), is(401));
        Response lockedLonger = api.loginFrom(address, email, "wrong password!");
        assertThat(lockedLonger.getStatus(), is(429));
        int second = Integer.parseInt(lockedLonger.getHeaderString("Retry-After"));
        assertThat("the second lockout is twice the first (6 s)", second,
                   both(greaterThan(3)).and(lessThanOrEqualTo(6)));

        Thread.sleep(second * 1000L + 100);
        assertThat(api.loginFrom(address, email, PASSWORD).getStatus(), is(200));
        // The success reset the account's counter: one failure is a plain 401 again.
        assertThat(api.loginFrom(address, email, "wrong password!").getStatus(), is(401));
        assertThat(api.loginFrom(address, email, PASSWORD).getStatus(), is(200));
    }

    @Test
    void anUnknownEmailLocksLikeAKnownOne() {
        String nobody = "nobody-" + email;
        for (int i = 0; i < 3; i++) {
            assertThat(api.loginFrom(address, nobody, "wrong password!").getStatus(), is(401));
        }
        assertThat(api.loginFrom(address, nobody, "wrong password!").getStatus(), is(429));
    }

    @Test
    void oneAddressSprayingManyAccountsIsLocked() {
        for (int i = 0; i < 6; i++) {
            assertThat(api.loginFrom(address, "spray-" + i + "-" + email, "wrong password!").getStatus(), is(401));
        }
        Response locked = api.loginFrom(address, email, PASSWORD);
        assertThat(locked.getStatus(), is(429));
        assertThat(Integer.parseInt(locked.getHeaderString("Retry-After")), greaterThan(0));
        assertThat(api.loginFrom(address + "-elsewhere", email, PASSWORD).getStatus(), is(200));
    }

    @Test
    void anOutdatedPasswordHashIsUpgradedAtLogin() {
        String old = "old-" + email;
        String id = UUID.randomUUID().toString();
        Document account = new Document("_id", id)
                .append("email", old)
                .append("displayName", "Old Timer")
                .append("passwordHash", PasswordHasher.withParameters(4096, 1, 1).hash(PASSWORD))
                .append("roles", List.of("listener"))
                .append("createdAt", Date.from(Instant.now()));
        database.getCollection("accounts").insertOne(account);

        assertThat(api.loginFrom(address, old, PASSWORD).getStatus(), is(200));
        Document stored = database.getCollection("accounts").find(Filters.eq("_id", id)).first();
        assertThat(stored.getString("passwordHash"), containsString("$m=19456,t=2,p=1$"));
        assertThat(api.loginFrom(address, old, PASSWORD).getStatus(), is(200));
    }
}
