package dev.encore.graphql.subscription;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.encore.graphql.Await;
import dev.encore.graphql.Fixtures;
import dev.encore.graphql.GraphqlClient;
import dev.encore.graphql.WsClient;
import dev.encore.graphql.playlist.PlaylistResync;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * A replica whose Kafka records never arrive (here: it does not listen at all, as during a broker outage) still
 * brings its {@code playlistUpdated} subscribers up to date from MongoDB, each revision once.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
@AddConfig(key = "subscriptions.listen", value = "false")
@AddConfig(key = "subscriptions.resync-interval", value = "PT1S")
class PlaylistResyncIT {

    private static final String PLAYLIST_UPDATED = "subscription($p: ID!) { playlistUpdated(playlistId: $p) { "
            + "playlistId kind playlist { version itemCount } } }";

    @Inject
    WebTarget target;

    @Inject
    SubscriptionHub hub;

    @Test
    void changesThatKafkaNeverDeliveredReachTheSubscriberOnce() {
        TestTokenIssuer issuer = TestTokenIssuer.shared();
        Fixtures fixtures = new Fixtures(new GraphqlClient(target.getUri()), issuer.token("curator-1", "curator"));
        String owner = issuer.token("resync-owner", "listener");
        String song = fixtures.song(fixtures.artist("Resync Artist"), "Second chance", 1000);
        String playlist = fixtures.playlist("Resync", true, owner);
        try (WsClient ws = WsClient.initialized(target.getUri(), owner)) {
            ws.subscribe("r", PLAYLIST_UPDATED, Fixtures.vars("p", playlist));
            // Registered means it read the playlist before the adds; read after them, it would have nothing to hear.
            Await.until(() -> hub.subscriberCount(PlaylistResync.key(playlist)) == 1, Duration.ofSeconds(10),
                    () -> "the subscription is not registered");
            fixtures.add(playlist, song, owner);
            String version = fixtures.add(playlist, song, owner).getString("version");

            // Usually one update with the final revision; a resync that ran between the two adds (a pause longer
            // than the 1 s interval) may send the first revision before it. Either way: newer each time, never twice.
            List<Long> versions = new ArrayList<>();
            JsonObject update;
            do {
                JsonObject message = ws.poll(Duration.ofSeconds(10));
                assertThat("no update without Kafka after " + versions, message, is(notNullValue()));
                update = message.getJsonObject("payload").getJsonObject("data").getJsonObject("playlistUpdated");
                assertThat(update.getString("kind"), is("UPDATED"));
                long received = Long.parseLong(update.getJsonObject("playlist").getString("version"));
                assertThat("each revision once, in order: " + versions + " then " + received,
                        versions.isEmpty() || received > versions.get(versions.size() - 1), is(true));
                versions.add(received);
            } while (!update.getJsonObject("playlist").getString("version").equals(version));
            assertThat(versions.size(), lessThanOrEqualTo(2));
            assertThat(update.getJsonObject("playlist").getInt("itemCount"), is(2));
            assertThat("the same revision is not sent again", ws.poll(Duration.ofSeconds(3)), is(nullValue()));
        }
    }

    @Test
    void aListenerSwitchedOffDoesNotHoldReadinessBack() {
        // The catalog listener does listen here, so this also waits for its positions.
        Await.until(() -> target.path("/health/ready").request().get().getStatus() == 200, Duration.ofSeconds(30),
                () -> "not ready: " + target.path("/health/ready").request().get().readEntity(String.class));
        JsonObject listeners = Json.createReader(new StringReader(target.path("/health/ready").request()
                        .get(String.class))).readObject().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("kafka-listeners")).findFirst().orElseThrow();
        assertThat(listeners.toString(), listeners.getString("status"), is("UP"));
        assertThat(listeners.toString(), listeners.getJsonObject("data").getBoolean("subscriptions"), is(true));
    }

    @Test
    void aPlaylistThatKeepsChangingIsStillBroughtUpToDate() {
        TestTokenIssuer issuer = TestTokenIssuer.shared();
        Fixtures fixtures = new Fixtures(new GraphqlClient(target.getUri()), issuer.token("curator-1", "curator"));
        String owner = issuer.token("busy-owner", "listener");
        String song = fixtures.song(fixtures.artist("Busy Artist"), "Never still", 1000);
        String playlist = fixtures.playlist("Busy", true, owner);
        try (WsClient ws = WsClient.initialized(target.getUri(), owner)) {
            ws.subscribe("b", PLAYLIST_UPDATED, Fixtures.vars("p", playlist));
            // A change every 300 ms, so the playlist is never at rest for a whole resync interval (1 s here).
            JsonObject message = null;
            for (int change = 0; change < 30 && message == null; change++) {
                fixtures.add(playlist, song, owner);
                message = ws.poll(Duration.ofMillis(300));
            }
            assertThat("no update while the playlist kept changing", message, is(notNullValue()));
            JsonObject update = message.getJsonObject("payload").getJsonObject("data").getJsonObject("playlistUpdated");
            assertThat(update.getString("kind"), is("UPDATED"));
        }
    }
}
