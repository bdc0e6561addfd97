package dev.encore.graphql.subscription;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.encore.graphql.Await;
import dev.encore.graphql.Fixtures;
import dev.encore.graphql.GraphqlClient;
import dev.encore.graphql.WsClient;
import dev.encore.graphql.kafka.UpdatesListener;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.ServiceReplica;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * Admission control on a replica in a JVM of its own (a small heap, 256 MB, and small configured limits: 5 sockets,
 * 4 subscriptions): past the limits newcomers are refused and told why, while the subscribers already served keep
 * getting every song, the replica stays live and the refusals are counted in its metrics. This JVM runs the scheduler
 * that plays the event; the replica learns of it from Kafka, as any replica would.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "live-events.scheduler.enabled", value = "true")
class SubscriptionAdmissionIT {

    private static final int MAX_CONNECTIONS = 5;
    private static final int MAX_SUBSCRIPTIONS = 4;
    private static final String NOW_PLAYING = "subscription($e: ID!) { nowPlaying(eventId: $e) { index song { title } } }";

    @Inject
    WebTarget target;

    @Inject
    UpdatesListener listener;

    @Test
    void refusesSocketsAndSubscriptionsPastTheLimitsWithAReasonWhileTheServedKeepTheirFrames() throws Exception {
        String curator = TestTokenIssuer.shared().token("admission-curator", "curator");
        GraphqlClient client = new GraphqlClient(target.getUri());
        Fixtures fixtures = new Fixtures(client, curator);
        Await.until(listener::ready, Duration.ofSeconds(20), () -> "Kafka listeners not ready");
        String artist = fixtures.artist("Admission Artist");
        String playlist = fixtures.playlist("Admission set", true, curator);
        fixtures.add(playlist, fixtures.song(artist, "First", 2000), curator);
        fixtures.add(playlist, fixtures.song(artist, "Second", 2000), curator);

        try (ServiceReplica replica = ServiceReplica.start(Map.of("live-events.scheduler.enabled", "false",
                "subscriptions.max-connections", String.valueOf(MAX_CONNECTIONS),
                "subscriptions.max-subscriptions", String.valueOf(MAX_SUBSCRIPTIONS)), Duration.ofSeconds(120))) {
            String event = client.data("mutation($i: LiveEventInput!) { createLiveEvent(input: $i) { id } }",
                    Json.createObjectBuilder().add("i", Json.createObjectBuilder().add("title", "Party")
                            .add("startsAt", Instant.now().plusSeconds(6).toString()).add("playlistId", playlist))
                            .build(), curator).getJsonObject("createLiveEvent").getString("id");
            List<WsClient> served = new ArrayList<>();
            try {
                for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
                    WsClient ws = WsClient.initialized(replica.uri(), null);
                    ws.subscribe("s", NOW_PLAYING, Fixtures.vars("e", event));
                    served.add(ws);
                }
                // A socket within the limit whose subscription is one too many: an error for that operation only.
                try (WsClient oneTooMany = WsClient.initialized(replica.uri(), null)) {
                    oneTooMany.subscribe("late", NOW_PLAYING, Fixtures.vars("e", event));
                    JsonObject refused = oneTooMany.next();
                    assertThat(refused.toString(), refused.getString("type"), is("error"));
                    assertThat(refused.getString("id"), is("late"));
                    JsonObject error = refused.getJsonArray("payload").getJsonObject(0);
                    assertThat(error.getJsonObject("extensions").getString("code"), is("UNAVAILABLE"));
                    assertThat(error.getString("message"), containsString("limit of " + MAX_SUBSCRIPTIONS));

                    // The socket past the limit (the sixth): closed at once, told to try again later and why.
                    try (WsClient refusedSocket = WsClient.connect(replica.uri(), "graphql-transport-ws")) {
                        assertThat(refusedSocket.closeCode(), is(1013));
                        assertThat(refusedSocket.closeReason(), containsString("limit of " + MAX_CONNECTIONS
                                                                               + " connections"));
                    }
                    assertThat(get(replica.uri(), "/health/live").statusCode(), is(200));
                    assertThat(get(replica.uri(), "/graphql?query=%7B__typename%7D").statusCode(), is(200));
                }

                // Every served subscriber hears both songs.
                for (WsClient ws : served) {
                    assertThat(index(ws), is(0));
                    assertThat(index(ws), is(1));
                }
                assertThat(get(replica.uri(), "/health/live").statusCode(), is(200));
                String metrics = get(replica.uri(), "/metrics?scope=application").body();
                assertThat(metrics, refusals(metrics, "connection"), greaterThanOrEqualTo(1.0));
                assertThat(metrics, refusals(metrics, "subscription"), greaterThanOrEqualTo(1.0));

                // A place given back is a place for the next client: after a close, and after a client vanished
                // without one (Helidon reports no such close; the replica finds it within seconds).
                WsClient fifth = awaitAdmitted(replica.uri());
                served.add(fifth);
                try (WsClient sixth = WsClient.connect(replica.uri(), "graphql-transport-ws")) {
                    assertThat(sixth.closeCode(), is(1013));
                }
                served.remove(fifth);
                fifth.vanish();
                served.add(awaitAdmitted(replica.uri()));
            } finally {
                served.forEach(WsClient::close);
            }
        }
    }

    /** A socket the replica acknowledges, once a place is free (within 10 s). */
    private static WsClient awaitAdmitted(URI replica) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            WsClient ws = WsClient.connect(replica, "graphql-transport-ws");
            try {
                ws.init(null);
                JsonObject answer = ws.poll(Duration.ofSeconds(3));
                if (answer != null && "connection_ack".equals(answer.getString("type"))) {
                    return ws;
                }
            } catch (java.util.concurrent.CompletionException refusedBeforeInit) {
                // closed with 1013 before the connection_init went out: still full
            }
            ws.close();
        }
        throw new AssertionError("no socket admitted within 10 s although a place was given back");
    }

    /** The index of the next nowPlaying frame, skipping none. */
    private static int index(WsClient ws) {
        JsonObject message = ws.next(Duration.ofSeconds(15));
        assertThat(message.toString(), message.getString("type"), is("next"));
        return message.getJsonObject("payload").getJsonObject("data").getJsonObject("nowPlaying").getInt("index");
    }

    private static double refusals(String metrics, String kind) {
        return metrics.lines().filter(line -> line.startsWith("encore_subscriptions_refused_total{")
                                              && line.contains("kind=\"" + kind + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static HttpResponse<String> get(URI base, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
