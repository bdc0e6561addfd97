package dev.encore.graphql.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.encore.graphql.Fixtures;
import dev.encore.graphql.GraphqlClient;
import dev.encore.graphql.WsClient;
import dev.encore.graphql.subscription.UpdatesListener;
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
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.lessThan;

/**
 * The real scheduler on the real clock (a 1 s tick plus precise timers): a short event goes LIVE, changes song and
 * ends, and a WebSocket subscriber hears each transition less than a second after its scheduled time, Kafka
 * included.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "live-events.scheduler.enabled", value = "true")
@AddConfig(key = "live-events.scheduler.tick", value = "PT1S")
class SchedulerTimingIT {

    @Inject
    WebTarget target;

    @Inject
    UpdatesListener listener;

    @Test
    void transitionsReachSubscribersWithinASecondOfTheirTime() throws InterruptedException {
        GraphqlClient client = new GraphqlClient(target.getUri());
        String curator = TestTokenIssuer.shared().token("curator-timing", "curator");
        Fixtures fixtures = new Fixtures(client, curator);
        String artist = fixtures.artist("Timing Artist");
        String playlist = fixtures.playlist("Short set", true, curator);
        fixtures.add(playlist, fixtures.song(artist, "One", 1500), curator);
        fixtures.add(playlist, fixtures.song(artist, "Two", 1200), curator);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!listener.ready() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Instant startsAt = Instant.now().plusMillis(2500);
        String id = client.data("mutation($i: LiveEventInput!) { createLiveEvent(input: $i) { id } }",
                Json.createObjectBuilder().add("i", Json.createObjectBuilder().add("title", "On time")
                        .add("startsAt", startsAt.toString()).add("playlistId", playlist)).build(), curator)
                .getJsonObject("createLiveEvent").getString("id");

        try (WsClient ws = WsClient.initialized(target.getUri(), null)) {
            ws.subscribe("s", "subscription($e: ID!) { liveEventStatus(eventId: $e) { status } }",
                    Fixtures.vars("e", id));
            ws.subscribe("n", "subscription($e: ID!) { nowPlaying(eventId: $e) { index startedAt song { title } } }",
                    Fixtures.vars("e", id));
            List<String> seen = new ArrayList<>();
            List<Long> lateness = new ArrayList<>();
            Instant[] due = {startsAt, startsAt, startsAt.plusMillis(1500), startsAt.plusMillis(2700)};
            while (seen.size() < 5) {
                JsonObject message = ws.next(Duration.ofSeconds(10));
                Instant arrived = Instant.now();
                JsonObject data = message.getJsonObject("payload").getJsonObject("data");
                String label = data.containsKey("liveEventStatus")
                        ? data.getJsonObject("liveEventStatus").getString("status")
                        : data.getJsonObject("nowPlaying").getJsonObject("song").getString("title");
                if (!label.equals("SCHEDULED")) {
                    int index = switch (label) {
                        case "LIVE" -> 0;
                        case "One" -> 1;
                        case "Two" -> 2;
                        default -> 3;
                    };
                    lateness.add(Duration.between(due[index], arrived).toMillis());
                }
                seen.add(label);
            }
            assertThat(seen.stream().filter(label -> !label.equals("SCHEDULED")).sorted().toList(),
                    contains("ENDED", "LIVE", "One", "Two"));
            System.out.println("Transition lateness at the subscriber (LIVE, song 1, song 2, ENDED), ms: " + lateness);
            for (long late : lateness) {
                assertThat("ms after the scheduled time " + lateness, late, lessThan(1000L));
            }
        }
    }
}
