package dev.encore.graphql.scheduler;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.encore.graphql.Await;
import dev.encore.graphql.Fixtures;
import dev.encore.graphql.GraphqlClient;
import dev.encore.graphql.WsClient;
import dev.encore.graphql.liveevent.LiveEventResync;
import dev.encore.graphql.subscription.SubscriptionHub;
import dev.encore.graphql.kafka.UpdatesListener;
import dev.encore.local.BackingServers;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import dev.encore.support.events.Topics;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * The real scheduler on the real clock: a short event goes LIVE, changes song and ends. Each transition is written
 * (the {@code at} of its {@code live-events} record) less than a second after its scheduled time, and a WebSocket
 * subscriber hears each one, once.
 *
 * <p>The tick is 3 s, so only the precise timers can be that punctual: with ticks alone, the three instants here
 * (start, +1.5 s, +2.7 s) fall at three different phases of the 3 s tick, and at least one of them would be written
 * 1.5 s or more late.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "live-events.scheduler.enabled", value = "true")
@AddConfig(key = "live-events.scheduler.tick", value = "PT3S")
class SchedulerTimingIT {

    /** How late a transition may be written: under what ticks alone would cost (1.5 s at least, see above). */
    private static final long WRITTEN_WITHIN_MS = 1000;
    /** How late a subscriber may hear it, Kafka and the fan-out included; loose, on a loaded machine. */
    private static final long HEARD_WITHIN_MS = 3000;

    @Inject
    WebTarget target;

    @Inject
    UpdatesListener listener;

    @Inject
    SubscriptionHub hub;

    @Test
    void transitionsAreWrittenWithinASecondOfTheirTimeAndReachSubscribers(BackingServers servers) {
        GraphqlClient client = new GraphqlClient(target.getUri());
        String curator = TestTokenIssuer.shared().token("curator-timing", "curator");
        Fixtures fixtures = new Fixtures(client, curator);
        String artist = fixtures.artist("Timing Artist");
        String playlist = fixtures.playlist("Short set", true, curator);
        fixtures.add(playlist, fixtures.song(artist, "One", 1500), curator);
        fixtures.add(playlist, fixtures.song(artist, "Two", 1200), curator);
        Await.until(listener::ready, Duration.ofSeconds(20), () -> "the updates listener has no partitions");
        Instant startsAt = Instant.now().plusMillis(4000);
        String id = client.data("mutation($i: LiveEventInput!) { createLiveEvent(input: $i) { id } }",
                Json.createObjectBuilder().add("i", Json.createObjectBuilder().add("title", "On time")
                        .add("startsAt", startsAt.toString()).add("playlistId", playlist)).build(), curator)
                .getJsonObject("createLiveEvent").getString("id");
        Map<String, Instant> due = Map.of("LIVE", startsAt, "One", startsAt, "Two", startsAt.plusMillis(1500),
                "ENDED", startsAt.plusMillis(2700));

        Map<String, Long> heard = new LinkedHashMap<>();
        try (WsClient ws = WsClient.initialized(target.getUri(), null)) {
            ws.subscribe("s", "subscription($e: ID!) { liveEventStatus(eventId: $e) { status } }",
                    Fixtures.vars("e", id));
            ws.subscribe("n", "subscription($e: ID!) { nowPlaying(eventId: $e) { index startedAt song { title } } }",
                    Fixtures.vars("e", id));
            Await.until(() -> hub.subscriberCount(LiveEventResync.key(id)) == 2, Duration.ofSeconds(10),
                    () -> "the two subscriptions are not registered");
            // Until every transition is heard, whatever came first (SCHEDULED, or LIVE if subscribing was slow).
            Instant giveUp = due.get("ENDED").plusSeconds(15);
            while (!heard.keySet().containsAll(due.keySet()) && Instant.now().isBefore(giveUp)) {
                JsonObject message = ws.poll(Duration.between(Instant.now(), giveUp));
                if (message == null) {
                    break;
                }
                Instant arrived = Instant.now();
                JsonObject data = message.getJsonObject("payload").getJsonObject("data");
                String label = data.containsKey("liveEventStatus")
                        ? data.getJsonObject("liveEventStatus").getString("status")
                        : data.getJsonObject("nowPlaying").getJsonObject("song").getString("title");
                if (!label.equals("SCHEDULED")) {
                    assertThat("heard once: " + label + " after " + heard.keySet(), heard.containsKey(label),
                            is(false));
                    assertThat("an unexpected " + label, due.containsKey(label), is(true));
                    heard.put(label, Duration.between(due.get(label), arrived).toMillis());
                }
            }
        }

        Map<String, Long> written = writtenLateness(servers, id, due);
        System.out.println("Transition lateness, ms: written " + written + ", heard by the subscriber " + heard);
        assertThat("written", written.keySet(), containsInAnyOrder("LIVE", "One", "Two", "ENDED"));
        for (Map.Entry<String, Long> late : written.entrySet()) {
            assertThat(late.getKey() + " written ms after its time; all: " + written, late.getValue(),
                    lessThan(WRITTEN_WITHIN_MS));
        }
        assertThat("heard", heard.keySet(), containsInAnyOrder("LIVE", "One", "Two", "ENDED"));
        for (Map.Entry<String, Long> late : heard.entrySet()) {
            assertThat(late.getKey() + " heard ms after its time; all: " + heard, late.getValue(),
                    lessThan(HEARD_WITHIN_MS));
        }
    }

    /** The event's four transitions on {@code live-events}: how long after its scheduled time each was written. */
    private static Map<String, Long> writtenLateness(BackingServers servers, String id, Map<String, Instant> due) {
        Map<String, Long> written = new LinkedHashMap<>();
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "scheduler-timing-it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.LIVE_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!written.keySet().containsAll(due.keySet()) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonObject change = Json.createReader(new StringReader(record.value())).readObject();
                    if (!id.equals(change.getString("eventId"))) {
                        continue;
                    }
                    String label = "STATUS".equals(change.getString("kind")) ? change.getString("status")
                            : change.getString("songTitle");
                    if (!label.equals("SCHEDULED")) {
                        assertThat("an unexpected " + label, due.containsKey(label), is(true));
                        written.putIfAbsent(label,
                                Duration.between(due.get(label), Instant.parse(change.getString("at"))).toMillis());
                    }
                }
            }
        }
        return written;
    }
}
