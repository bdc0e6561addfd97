package dev.encore.identity.account;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.encore.identity.IdentityApi;
import dev.encore.local.BackingServers;
import dev.encore.local.BackingServersExtension;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** Registration, the caller's profile, role changes, deletion, input rules and the user-events they publish. */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "jwt.issuer", value = IdentityApi.ISSUER)
@AddConfig(key = "encore.profile", value = "local")
@AddConfig(key = "encore.data-dir", value = "target/it-data/account")
class AccountIT {

    private static final String PASSWORD = "correct horse battery";

    @Inject
    WebTarget target;

    private IdentityApi api;

    @BeforeEach
    void setUp() {
        api = new IdentityApi(target);
    }

    @Test
    void registeredUserLogsInAndSeesTheirProfile() {
        String email = unique("ada");
        Response created = api.register("  " + email.toUpperCase() + " ", PASSWORD, "Ada Lovelace");
        assertThat(created.getStatus(), is(201));
        JsonObject profile = IdentityApi.json(created);
        assertThat(profile.getString("email"), is(email));
        assertThat(profile.getString("displayName"), is("Ada Lovelace"));
        assertThat(profile.getJsonArray("roles").getString(0), is("listener"));
        assertThat(profile.containsKey("passwordHash"), is(false));
        assertThat(profile.containsKey("password"), is(false));

        JsonObject tokens = api.tokens(email, PASSWORD);
        assertThat(tokens.getString("tokenType"), is("Bearer"));
        assertThat(tokens.getJsonNumber("expiresIn").longValue(), is(900L));
        JWTClaimsSet claims = api.verify(tokens.getString("accessToken"));
        assertThat(claims.getSubject(), is(profile.getString("id")));
        assertThat(claims.getClaim("upn"), is(email));
        assertThat(claims.getClaim("groups"), is(List.of("listener")));
        assertThat(claims.getAudience(), is(List.of(IdentityApi.AUDIENCE)));
        assertThat(claims.getJWTID(), notNullValue());
        long lifetime = claims.getExpirationTime().getTime() - claims.getIssueTime().getTime();
        assertThat(lifetime, is(Duration.ofMinutes(15).toMillis()));
        assertThat(tokens.getString("refreshToken").length() >= 43, is(true)); // 256 bits, base64url

        Response me = api.me(tokens.getString("accessToken"));
        assertThat(me.getStatus(), is(200));
        assertThat(IdentityApi.json(me).getString("id"), is(profile.getString("id")));
    }

    @Test
    void duplicateEmailIsAConflictWhateverItsCase() {
        String email = unique("dup");
        assertThat(api.register(email, PASSWORD, "First").getStatus(), is(201));
        Response again = api.register(email.toUpperCase(), PASSWORD, "Second");
        assertThat(again.getStatus(), is(409));
        assertThat(again.getMediaType().toString(), is("application/problem+json"));
        assertThat(IdentityApi.json(again).getString("field"), is("email"));
    }

    @Test
    void concurrentRegistrationsOfOneEmailHaveExactlyOneWinner() throws Exception {
        String email = unique("race");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String name = "Racer " + i;
                attempts.add(() -> api.register(email, PASSWORD, name).getStatus());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : pool.invokeAll(attempts)) {
                statuses.add(result.get());
            }
            assertThat(statuses.toString(), statuses.stream().filter(status -> status == 201).count(), is(1L));
            assertThat(statuses.toString(), statuses.stream().filter(status -> status == 409).count(), is(5L));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void passwordMustBeTenToOneHundredTwentyEightCharacters() {
        assertBadField(api.register(unique("short"), "123456789", "Shorty"), "password");
        assertBadField(api.register(unique("long"), "x".repeat(129), "Longy"), "password");
        assertThat(api.register(unique("ten"), "1234567890", "Ten").getStatus(), is(201));
        assertThat(api.register(unique("max"), "y".repeat(128), "Max").getStatus(), is(201));
    }

    @Test
    void displayNameMustBeOneToSixtyFourPrintableCharacters() {
        assertBadField(api.register(unique("blank"), PASSWORD, "   "), "displayName");
        assertBadField(api.register(unique("big"), PASSWORD, "n".repeat(65)), "displayName");
        assertBadField(api.register(unique("ctl"), PASSWORD, "bell\u0007"), "displayName");
        assertThat(api.register(unique("emoji"), PASSWORD, "Björk 🎵").getStatus(), is(201));
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        assertBadField(api.register("not-an-email", PASSWORD, "X"), "email");
        assertBadField(api.postRaw("/auth/register", "{\"password\":\"" + PASSWORD + "\",\"displayName\":\"X\"}",
                                   "application/json"), "email");
        assertBadField(api.postRaw("/auth/register", "{\"email\":\"a@b.cd\",\"password\":7,\"displayName\":\"X\"}",
                                   "application/json"), "password");
        assertBadField(api.postRaw("/auth/login", "{\"email\":\"a@b.cd\"}", "application/json"), "password");

        Response malformed = api.postRaw("/auth/register", "{\"email\": ", "application/json");
        assertThat(malformed.getStatus(), is(400));
        assertThat(malformed.getMediaType().toString(), is("application/problem+json"));

        Response wrongType = api.postRaw("/auth/login", "email=a@b.cd", "application/x-www-form-urlencoded");
        assertThat(wrongType.getStatus(), is(415));
        assertThat(wrongType.getMediaType().toString(), is("application/problem+json"));

        String huge = "{\"email\":\"a@b.cd\",\"password\":\"" + "p".repeat(70_000) + "\",\"displayName\":\"X\"}";
        Response tooLarge = api.postRaw("/auth/register", huge, "application/json");
        assertThat(tooLarge.getStatus(), is(413));
        assertThat(tooLarge.getMediaType().toString(), is("application/problem+json"));
    }

    @Test
    void meNeedsAValidToken() {
        Response anonymous = target.path("/users/me").request().get();
        assertThat(anonymous.getStatus(), is(401));
        assertThat(anonymous.getMediaType().toString(), is("application/problem+json"));
        assertThat(api.me("not.a.token").getStatus(), is(401));
    }

    @Test
    void adminChangesRolesAndTheNextTokenCarriesThem() {
        String email = unique("promoted");
        String id = IdentityApi.json(api.register(email, PASSWORD, "Promoted")).getString("id");
        JsonObject userTokens = api.tokens(email, PASSWORD);
        String admin = api.tokens("admin@demo.local", "demo-admin-pass").getString("accessToken");

        Response changed = api.setRoles(admin, id, "listener", "artist");
        assertThat(changed.getStatus(), is(200));
        assertThat(IdentityApi.json(changed).getJsonArray("roles").toString(), is("[\"listener\",\"artist\"]"));

        JsonObject refreshed = IdentityApi.ok(api.refresh(userTokens.getString("refreshToken")));
        assertThat(api.verify(refreshed.getString("accessToken")).getClaim("groups"), is(List.of("listener", "artist")));
    }

    @Test
    void onlyAdminsChangeRolesAndOnlyToKnownRoles() {
        String email = unique("plain");
        String id = IdentityApi.json(api.register(email, PASSWORD, "Plain")).getString("id");
        String user = api.tokens(email, PASSWORD).getString("accessToken");
        assertThat(api.setRoles(user, id, "admin").getStatus(), is(403));

        String admin = api.tokens("admin@demo.local", "demo-admin-pass").getString("accessToken");
        assertBadField(api.setRoles(admin, id, "superuser"), "roles");
        assertBadField(api.setRoles(admin, id), "roles");
        assertThat(api.setRoles(admin, UUID.randomUUID().toString(), "artist").getStatus(), is(404));
        String adminId = api.verify(admin).getSubject();
        assertThat(api.setRoles(admin, adminId, "listener").getStatus(), is(409));
    }

    @Test
    void aUserDeletesTheirAccountAndItsSessionsEnd() {
        String email = unique("leaving");
        String id = IdentityApi.json(api.register(email, PASSWORD, "Leaving")).getString("id");
        JsonObject tokens = api.tokens(email, PASSWORD);
        String stranger = api.tokens("listener@demo.local", "demo-listener-pass").getString("accessToken");
        assertThat(delete(stranger, id).getStatus(), is(403));

        assertThat(delete(tokens.getString("accessToken"), id).getStatus(), is(204));
        assertThat(api.me(tokens.getString("accessToken")).getStatus(), is(404));
        assertThat(api.refresh(tokens.getString("refreshToken")).getStatus(), is(401));
        assertThat(api.login(email, PASSWORD).getStatus(), is(401));
        assertThat(api.register(email, PASSWORD, "Back again").getStatus(), is(201));
    }

    @Test
    void accountChangesArePublishedOnUserEvents(BackingServers servers) {
        String email = unique("evented");
        String id = IdentityApi.json(api.register(email, PASSWORD, "Evented")).getString("id");
        String admin = api.tokens("admin@demo.local", "demo-admin-pass").getString("accessToken");
        assertThat(api.setRoles(admin, id, "listener", "curator").getStatus(), is(200));
        assertThat(delete(admin, id).getStatus(), is(204));

        List<String> kinds = new ArrayList<>();
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "account-it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                                                                          new StringDeserializer())) {
            consumer.subscribe(List.of("user-events"));
            Instant deadline = Instant.now().plusSeconds(30);
            while (kinds.size() < 3 && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (id.equals(record.key())) {
                        assertThat(record.value(), not(containsString(email)));
                        kinds.add(Json.createReader(new StringReader(record.value())).readObject().getString("kind"));
                    }
                }
            }
        }
        assertThat(kinds, contains("REGISTERED", "ROLES_CHANGED", "DELETED"));
    }

    @Test
    void openApiDocumentsTheEndpoints() {
        String document = target.path("/openapi").request().get(String.class);
        for (String path : List.of("/auth/register", "/auth/login", "/auth/refresh", "/auth/logout", "/users/me",
                                   "/users/{id}/roles", "/users/{id}", "/.well-known/jwks.json", "/.well-known/openid-configuration")) {
            assertThat(document, containsString(path + ":"));
        }
    }

    @Test
    void openApiDocumentsEveryErrorAsProblemJson() {
        JsonObject document = Json.createReader(new StringReader(
                target.path("/openapi").queryParam("format", "JSON").request().get(String.class))).readObject();
        for (String[] operation : new String[][] {{"/auth/register", "post", "409"}, {"/auth/login", "post", "429"},
                                                  {"/users/{id}", "delete", "404"}}) {
            JsonObject response = document.getJsonObject("paths").getJsonObject(operation[0])
                    .getJsonObject(operation[1]).getJsonObject("responses").getJsonObject(operation[2]);
            assertThat(String.join(" ", operation), response.getJsonObject("content")
                    .getJsonObject("application/problem+json").getJsonObject("schema").getString("$ref"),
                       is("#/components/schemas/Problem"));
            assertThat(response.getString("description"), not(is("")));
        }
        assertThat(document.getJsonObject("components").getJsonObject("schemas").getJsonObject("Problem")
                           .getJsonObject("properties").keySet(), hasItems("type", "title", "status", "detail", "field"));
    }

    @Test
    void openApiDocumentsEachSuccessBodyAsJsonOnly() {
        JsonObject document = Json.createReader(new StringReader(
                target.path("/openapi").queryParam("format", "JSON").request().get(String.class))).readObject();
        for (String[] operation : new String[][] {{"/auth/register", "post", "201", "Profile"},
                                                  {"/auth/login", "post", "200", "TokenPair"},
                                                  {"/auth/refresh", "post", "200", "TokenPair"},
                                                  {"/users/me", "get", "200", "Profile"},
                                                  {"/users/{id}/roles", "put", "200", "Profile"}}) {
            JsonObject response = document.getJsonObject("paths").getJsonObject(operation[0])
                    .getJsonObject(operation[1]).getJsonObject("responses").getJsonObject(operation[2]);
            JsonObject content = response.getJsonObject("content");
            assertThat(String.join(" ", operation), content.keySet(), is(java.util.Set.of("application/json")));
            assertThat(content.getJsonObject("application/json").getJsonObject("schema").getString("$ref"),
                       is("#/components/schemas/" + operation[3]));
            assertThat(response.getString("description"), not(is("")));
        }
    }

    private Response delete(String accessToken, String id) {
        return target.path("/users/" + id).request().header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken).delete();
    }

    private static void assertBadField(Response response, String field) {
        String body = response.readEntity(String.class);
        assertThat(body, response.getStatus(), is(400));
        assertThat(response.getMediaType().toString(), is("application/problem+json"));
        assertThat(body, containsString("\"field\":\"" + field + "\""));
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }
}
