package dev.encore.identity.login;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.encore.identity.IdentityApi;
import dev.encore.identity.account.PasswordHasher;
import dev.encore.local.BackingServersExtension;
import dev.encore.support.mongo.MongoReactive;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * Sign-in and brute-force protection. Each test signs in from an address of its own (through the trusted
 * X-Forwarded-For header), so the per-address counters of one test never touch another.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "jwt.issuer", value = IdentityApi.ISSUER)
@AddConfig(key = "encore.profile", value = "local")
@AddConfig(key = "encore.data-dir", value = "target/it-data/login")
@AddConfig(key = "identity.login.account-threshold", value = "3")
@AddConfig(key = "identity.login.ip-threshold", value = "6")
@AddConfig(key = "identity.login.lockout-base", value = "PT1S")
@AddConfig(key = "identity.login.lockout-max", value = "PT4S")
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
    void unknownEmailAndWrongPasswordGetTheSameAnswerInAboutTheSameTime() {
        Response wrongPassword = api.loginFrom(address, email, "wrong password!");
        Response unknownEmail = api.loginFrom(address + "b", "nobody-" + email, "wrong password!");
        assertThat(wrongPassword.getStatus(), is(401));
        assertThat(unknownEmail.getStatus(), is(401));
        assertThat(unknownEmail.readEntity(String.class), is(wrongPassword.readEntity(String.class)));

        long known = medianMillis(() -> api.loginFrom(address + "c", email, "wrong password!"));
        long unknown = medianMillis(() -> api.loginFrom(address + "d", "nobody-" + email, "wrong password!"));
        // Both are one Argon2 verification; a missing account must not answer in a fraction of the time.
        assertThat("unknown " + unknown + " ms vs known " + known + " ms", unknown * 3, greaterThan(known));
        assertThat("unknown " + unknown + " ms vs known " + known + " ms", unknown, lessThan(known * 3 + 20));
    }

    @Test
    void failuresPastTheThresholdLockTheAccountLongerEachTimeUntilASuccess() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(api.loginFrom(address, email, "wrong password!").getStatus(), is(401));
        }
        Response locked = api.loginFrom(address, email, PASSWORD);
        assertThat("even the right password waits", locked.getStatus(), is(429));
        assertThat(locked.getMediaType().toString(), is("application/problem+json"));
        assertThat(locked.getHeaderString("Retry-After"), is("1"));

        Thread.sleep(1100);
        assertThat(api.loginFrom(address, email, "wrong password!").getStatus(), is(401));
        Response lockedLonger = api.loginFrom(address, email, "wrong password!");
        assertThat(lockedLonger.getStatus(), is(429));
        assertThat(lockedLonger.getHeaderString("Retry-After"), is("2"));

        Thread.sleep(2100);
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
        MongoReactive.first(database.getCollection("accounts").insertOne(account)).await().indefinitely();

        assertThat(api.loginFrom(address, old, PASSWORD).getStatus(), is(200));
        Document stored = MongoReactive.first(database.getCollection("accounts").find(Filters.eq("_id", id)).first())
                .await().indefinitely();
        assertThat(stored.getString("passwordHash"), containsString("$m=19456,t=2,p=1$"));
        assertThat(api.loginFrom(address, old, PASSWORD).getStatus(), is(200));
    }

    /** Two samples, no more: a third failure on the account would lock it and make the next answer instant. */
    private static long medianMillis(Runnable request) {
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            request.run();
            samples.add((System.nanoTime() - start) / 1_000_000);
        }
        return (samples.get(0) + samples.get(1)) / 2;
    }
}
