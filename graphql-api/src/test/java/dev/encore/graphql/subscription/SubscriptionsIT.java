package dev.encore.graphql.subscription;

import java.time.Duration;
import java.util.Map;

import dev.encore.graphql.Await;
import dev.encore.graphql.Fixtures;
import dev.encore.graphql.GraphqlClient;
import dev.encore.graphql.WsClient;
import dev.encore.graphql.kafka.UpdatesListener;
import dev.encore.graphql.playlist.PlaylistResync;
import dev.encore.local.ServiceReplica;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * GraphQL over a real WebSocket ({@code graphql-transport-ws}, and the legacy {@code graphql-ws}): authentication in
 * {@code connection_init}, protocol errors and close codes, and {@code playlistUpdated} fed from Kafka, also across
 * two replicas.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
// Short, so the 4408 test is quick, yet long enough for a cold first connection_init (JWKS fetch, RS256 verify).
@AddConfig(key = "subscriptions.connection-init-timeout", value = "PT2S")
@AddConfig(key = "subscriptions.max-per-connection", value = "3")
class SubscriptionsIT {

    private static final String PLAYLIST_UPDATED = "subscription($p: ID!) { playlistUpdated(playlistId: $p) { "
            + "playlistId kind playlist { version itemCount items { edges { node { song { title } } } } } } }";
    private static ServiceReplica replicaB;

    @Inject
    WebTarget target;

    @Inject
    UpdatesListener listener;

    @Inject
    SubscriptionHub hub;

    private GraphqlClient client;
    private Fixtures fixtures;
    private final TestTokenIssuer issuer = TestTokenIssuer.shared();
    private String owner;

    @BeforeEach
    void setUp() throws InterruptedException {
        client = new GraphqlClient(target.getUri());
        fixtures = new Fixtures(client, issuer.token("curator-1", "curator"));
        owner = issuer.token("ws-owner", "listener");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!listener.ready() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stopSecondReplica() {
        if (replicaB != null) {
            replicaB.close();
        }
    }

    @Test
    void confirmsTheSubProtocolAuthenticatesAndAnswersPings() {
        try (WsClient ws = WsClient.initialized(target.getUri(), owner)) {
            assertThat(ws.subprotocol(), is("graphql-transport-ws"));
            ws.send("{\"type\":\"ping\"}");
            assertThat(ws.next().getString("type"), is("pong"));
            // A query over the socket: next, then complete; the caller is the one from connection_init.
            ws.subscribe("q1", "{ me { id } }", null);
            JsonObject next = ws.next();
            assertThat(next.getString("type"), is("next"));
            assertThat(next.getJsonObject("payload").getJsonObject("data").getJsonObject("me").getString("id"),
                    is("ws-owner"));
            assertThat(ws.next().getString("type"), is("complete"));
        }
    }

    @Test
    void anInvalidTokenCloses4403() {
        try (WsClient ws = WsClient.connect(target.getUri(), "graphql-transport-ws")) {
            ws.send("{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer not.a.token\"}}");
            assertThat(ws.closeCode(), is(4403));
        }
    }

    @Test
    void noConnectionInitCloses4408() {
        try (WsClient ws = WsClient.connect(target.getUri(), "graphql-transport-ws")) {
            assertThat(ws.closeCode(), is(4408));
        }
    }

    @Test
    void aMalformedFrameCloses4400AndASubscribeBeforeInit4401() {
        try (WsClient ws = WsClient.connect(target.getUri(), "graphql-transport-ws")) {
            ws.send("this is not json");
            assertThat(ws.closeCode(), is(4400));
        }
        try (WsClient ws = WsClient.connect(target.getUri(), "graphql-transport-ws")) {
            ws.subscribe("s1", "{ me { id } }", null);
            assertThat(ws.closeCode(), is(4401));
        }
    }

    @Test
    void aBinaryFrameCloses4400() {
        // Before connection_init and after it: neither protocol has binary messages, so no state makes one valid.
        try (WsClient ws = WsClient.connect(target.getUri(), "graphql-transport-ws")) {
            ws.sendBinary("{\"type\":\"connection_init\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(ws.closeCode(), is(4400));
            assertThat(ws.closeReason(), org.hamcrest.Matchers.containsString("binary"));
        }
        try (WsClient ws = WsClient.initialized(target.getUri(), owner)) {
            ws.sendBinary(new byte[] {1, 2, 3});
            assertThat(ws.closeCode(), is(4400));
        }
    }

    @Test
    void requestErrorsOverTheSocketCarryTheirCodeNeverInternal() {
        try (WsClient ws = WsClient.initialized(target.getUri(), owner)) {
            ws.send(Json.createObjectBuilder().add("id", "o").add("type", "subscribe").add("payload",
                    Json.createObjectBuilder().add("query", "query A { me { id } } query B { me { id } }")
                            .add("operationName", "C")).build().toString());
            JsonObject unknown = ws.next();
            assertThat(unknown.toString(), unknown.getString("type"), is("error"));
            assertThat(unknown.getJsonArray("payload").getJsonObject(0).getJsonObject("extensions").getString("code"),
                    is("OPERATION_RESOLUTION_FAILURE"));

            ws.subscribe("v", "query($n: Int) { songs(first: $n) { totalCount } }",
                    Json.createObjectBuilder().add("n", 1.5).build());
            JsonObject badVariable = ws.next();
            assertThat(badVariable.toString(), badVariable.getString("type"), is("error"));
            assertThat(badVariable.getJsonArray("payload").getJsonObject(0).getJsonObject("extensions")
                    .getString("code"), is("BAD_USER_INPUT"));
            // The socket is still usable: a request error ends one operation, not the connection.
            ws.send("{\"type\":\"ping\"}");
            assertThat(ws.next().getString("type"), is("pong"));
        }
    }

    @Test
    void playlistUpdatedSendsEachChangeUntilComplete() {
        String artist = fixtures.artist("WS Artist");
        String song = fixtures.song(artist, "Live wire", 1000);
        String first = fixtures.playlist("WS one", true, owner);
        String second = fixtures.playlist("WS two", false, owner);
        // A playlist written within PlaylistResync.CLOCK_SLACK (25 ms) before a subscribe is told to the subscriber
        // when its event arrives (so a write racing the subscribe is never missed); this test is about later changes.
        sleepPastClockSlack();
        try (WsClient ws = WsClient.initialized(target.getUri(), owner)) {
            ws.subscribe("a", PLAYLIST_UPDATED, Fixtures.vars("p", first));
            ws.subscribe("b", PLAYLIST_UPDATED, Fixtures.vars("p", second));
            JsonObject update = awaitUpdate(ws, first, song, "a");
            System.out.println("playlistUpdated: " + update);
            assertThat(update.getString("kind"), is("ADDED"));
            assertThat(update.getJsonObject("playlist").getJsonObject("items").getJsonArray("edges").getJsonObject(0)
                    .getJsonObject("node").getJsonObject("song").getString("title"), is("Live wire"));
            fixtures.add(second, song, owner);
            JsonObject onB = ws.next();
            assertThat(onB.getString("id"), is("b"));
            assertThat(onB.getJsonObject("payload").getJsonObject("data").getJsonObject("playlistUpdated")
                    .getJsonObject("playlist").getString("version"), is("2"));

            ws.send("{\"type\":\"complete\",\"id\":\"a\"}");
            awaitNoSubscribers(PlaylistResync.key(first)); // complete is handled asynchronously
            fixtures.add(first, song, owner);
            fixtures.add(second, song, owner);
            JsonObject after = ws.next();
            assertThat("only b is still subscribed", after.getString("id"), is("b"));
            assertThat(ws.poll(Duration.ofMillis(500)), is(nullValue()));
        }
    }

    @Test
    void aSocketRunsAtMostTheCapAndOneConnectionInit() {
        String playlist = fixtures.playlist("Capped", true, owner);
        try (WsClient ws = WsClient.initialized(target.getUri(), owner)) {
            for (int i = 1; i <= 3; i++) {
                ws.subscribe("s" + i, PLAYLIST_UPDATED, Fixtures.vars("p", playlist));
            }
            ws.subscribe("s4", PLAYLIST_UPDATED, Fixtures.vars("p", playlist));
            JsonObject refused = nextFor(ws, "s4");
            assertThat(refused.getString("type"), is("error"));
            ws.send("{\"type\":\"complete\",\"id\":\"s1\"}");
            ws.subscribe("s5", "{ me { id } }", null);
            assertThat(nextFor(ws, "s5").getString("type"), is("next"));
            assertThat(nextFor(ws, "s5").getString("type"), is("complete"));
            ws.init(owner);
            assertThat(ws.closeCode(), is(4429));
        }
    }

    @Test
    void unknownAndPrivatePlaylistsGiveAProtocolError() {
        String secret = fixtures.playlist("Not yours", false, owner);
        try (WsClient ws = WsClient.initialized(target.getUri(), issuer.token("intruder", "listener"))) {
            ws.subscribe("x", PLAYLIST_UPDATED, Fixtures.vars("p", secret));
            JsonObject error = ws.next();
            assertThat(error.getString("type"), is("error"));
            assertThat(error.getString("id"), is("x"));
            assertThat(error.getJsonArray("payload").getJsonObject(0).getJsonObject("extensions").getString("code"),
                    is("NOT_FOUND"));
            ws.subscribe("y", "subscription { nowPlaying(eventId: \"5f0000000000000000000000\") { index } }", null);
            JsonObject unknown = ws.next();
            assertThat(unknown.getString("type"), is("error"));
            assertThat(unknown.getString("id"), is("y"));
        }
    }

    @Test
    void theLegacyProtocolWorksToo() {
        String artist = fixtures.artist("Legacy Artist");
        String song = fixtures.song(artist, "Old school", 1000);
        String playlist = fixtures.playlist("Legacy", true, owner);
        try (WsClient ws = WsClient.connect(target.getUri(), "graphql-ws")) {
            assertThat(ws.subprotocol(), is("graphql-ws"));
            ws.init(owner);
            assertThat(ws.next().getString("type"), is("connection_ack"));
            assertThat(ws.next().getString("type"), is("ka"));
            ws.send(Json.createObjectBuilder().add("type", "start").add("id", "1").add("payload",
                    Json.createObjectBuilder().add("query", PLAYLIST_UPDATED).add("variables",
                            Fixtures.vars("p", playlist))).build().toString());
            JsonObject data = null;
            for (int attempt = 0; attempt < 10 && data == null; attempt++) {
                fixtures.add(playlist, song, owner);
                data = ws.poll(Duration.ofSeconds(2));
            }
            assertThat(data, notNullValue());
            assertThat(data.getString("type"), is("data"));
        }
    }

    @Test
    void aSubscriberOnAnotherReplicaSeesTheChange() {
        replicaB = replicaB != null ? replicaB
                : ServiceReplica.start(Map.of("live-events.scheduler.enabled", "false"), Duration.ofSeconds(120));
        String artist = fixtures.artist("Replica Artist");
        String song = fixtures.song(artist, "Far away", 1000);
        String playlist = fixtures.playlist("Across", true, owner);
        try (WsClient ws = WsClient.initialized(replicaB.uri(), null)) {
            ws.subscribe("r", PLAYLIST_UPDATED, Fixtures.vars("p", playlist));
            JsonObject update = awaitUpdate(ws, playlist, song, "r");
            assertThat(update.getString("playlistId"), is(playlist));
            assertThat(update.getJsonObject("playlist").getInt("itemCount") >= 1, is(true));
        }
    }

    /** The next message for operation {@code id}, skipping others' (a late event for another subscription). */
    private static JsonObject nextFor(WsClient ws, String id) {
        for (int i = 0; i < 20; i++) {
            JsonObject message = ws.next();
            if (id.equals(message.getString("id", null))) {
                return message;
            }
        }
        throw new AssertionError("No message for " + id);
    }

    /**
     * Adds the song (on this replica) until the subscriber hears of it: the subscription is set up asynchronously,
     * and another replica's Kafka consumer may still be joining, so the first change may come before it listens.
     * Returns the first update heard, after reading every later one up to the last add's revision, so none of them
     * is left to arrive in the middle of what the test does next.
     */
    private JsonObject awaitUpdate(WsClient ws, String playlist, String song, String id) {
        // Up to 45 s: the other replica's Kafka consumer may still be joining on a loaded machine; past that, its
        // MongoDB resync (every 10 s) would have told the subscriber anyway.
        for (int attempt = 0; attempt < 45; attempt++) {
            long last = Long.parseLong(fixtures.add(playlist, song, owner).getString("version"));
            JsonObject message = ws.poll(Duration.ofSeconds(1));
            if (message != null) {
                JsonObject first = update(message, id);
                long version = Long.parseLong(first.getJsonObject("playlist").getString("version"));
                assertThat("no revision beyond the last add", version <= last, is(true));
                while (version != last) {
                    long next = Long.parseLong(update(ws.next(), id).getJsonObject("playlist").getString("version"));
                    assertThat("revisions arrive in order, each once", next > version, is(true));
                    assertThat("no revision beyond the last add", next <= last, is(true));
                    version = next;
                }
                return first;
            }
        }
        throw new AssertionError("No playlistUpdated within 45 changes");
    }

    private static JsonObject update(JsonObject message, String id) {
        assertThat(message.toString(), message.getString("type"), is("next"));
        assertThat(message.toString(), message.getString("id"), is(id));
        return message.getJsonObject("payload").getJsonObject("data").getJsonObject("playlistUpdated");
    }

    private void awaitNoSubscribers(String key) {
        Await.until(() -> hub.subscriberCount(key) == 0, Duration.ofSeconds(10),
                () -> hub.subscriberCount(key) + " subscribers still on " + key);
    }

    private static void sleepPastClockSlack() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
