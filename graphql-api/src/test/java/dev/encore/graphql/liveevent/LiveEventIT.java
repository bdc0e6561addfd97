package dev.encore.graphql.liveevent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.encore.graphql.Await;
import dev.encore.graphql.Fixtures;
import dev.encore.graphql.GraphqlClient;
import dev.encore.graphql.GraphqlClient.Answer;
import dev.encore.graphql.TestClock;
import dev.encore.graphql.WsClient;
import dev.encore.graphql.scheduler.LiveEventScheduler;
import dev.encore.graphql.scheduler.SchedulerRunner;
import dev.encore.graphql.subscription.SubscriptionHub;
import dev.encore.graphql.kafka.UpdatesListener;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * Live events driven by a test clock: the lifecycle, the snapshot, catch-up after a restart, two schedulers
 * competing for the lease with the leader stopped mid-event, cancellation, and the nowPlaying / liveEventStatus
 * subscriptions (current state at once, then each change) over a real WebSocket.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddBean(TestClock.class)
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
@AddConfig(key = "live-events.scheduler.lease-ttl", value = "PT10S")
// No background resync: the one test that needs it calls relay.resync() itself, and a timed one in between would
// send what that test expects to stay unsent until then.
@AddConfig(key = "subscriptions.resync-interval", value = "PT1H")
class LiveEventIT {

    private static final String EVENT = "id title status startsAt endsAt timeZone playlist { id } "
            + "nowPlaying { index position startedAt serverTime song { title } }";

    @Inject
    WebTarget target;

    @Inject
    TestClock clock;

    @Inject
    SchedulerRunner runner;

    @Inject
    UpdatesListener listener;

    @Inject
    LiveEventRepository repository;

    @Inject
    LiveEventResync relay;

    @Inject
    LiveEventService service;

    @Inject
    MetricRegistry metrics;

    @Inject
    SubscriptionHub hub;

    private GraphqlClient client;
    private Fixtures fixtures;
    private final TestTokenIssuer issuer = TestTokenIssuer.shared();
    private String curator;
    private String playlist;
    private final List<LiveEventScheduler> schedulers = new ArrayList<>();

    @BeforeEach
    void setUp() throws InterruptedException {
        client = new GraphqlClient(target.getUri());
        curator = issuer.token("curator-live", "curator");
        fixtures = new Fixtures(client, curator);
        clock.advance(Duration.ofDays(1)); // leaves every earlier test's events behind
        String artist = fixtures.artist("Live Artist");
        playlist = fixtures.playlist("Setlist", true, curator);
        fixtures.add(playlist, fixtures.song(artist, "Opener", 60_000), curator);
        fixtures.add(playlist, fixtures.song(artist, "Middle", 120_000), curator);
        fixtures.add(playlist, fixtures.song(artist, "Closer", 30_000), curator);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!listener.ready() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @AfterEach
    void releaseLeases() {
        schedulers.forEach(scheduler -> scheduler.lease().release());
    }

    @Test
    void goesLiveOnTimePlaysTheSnapshotInOrderAndEnds() {
        LiveEventScheduler scheduler = scheduler("replica-a");
        Instant start = clock.instant().plusSeconds(600);
        String id = create("Launch party", start.toString(), "Europe/Berlin");
        assertThat(event(id).getString("status"), is("SCHEDULED"));
        assertThat(event(id).getString("timeZone"), is("Europe/Berlin"));

        try (WsClient ws = WsClient.initialized(target.getUri(), null)) {
            ws.subscribe("s", "subscription($e: ID!) { liveEventStatus(eventId: $e) { status endsAt } }",
                    Fixtures.vars("e", id));
            assertThat(status(ws.next()), is("SCHEDULED")); // the current state, at once
            ws.subscribe("n", "subscription($e: ID!) { nowPlaying(eventId: $e) { index position song { title } } }",
                    Fixtures.vars("e", id));
            awaitSubscribers(id, 2);

            scheduler.tick();
            assertThat(event(id).getString("status"), is("SCHEDULED"));
            clock.set(start.plusSeconds(5));
            scheduler.tick();
            JsonObject live = event(id);
            assertThat(live.getString("status"), is("LIVE"));
            assertThat(live.getString("endsAt"), is(start.plusSeconds(210).toString()));
            assertThat(live.getJsonObject("nowPlaying").getInt("index"), is(0));
            assertThat(live.getJsonObject("nowPlaying").getInt("position"), is(5000));
            assertThat(live.getJsonObject("nowPlaying").getJsonObject("song").getString("title"), is("Opener"));

            // Edits after LIVE do not change what plays.
            fixtures.add(playlist, fixtures.song(fixtures.artist("Late"), "Encore", 1000), curator);

            List<JsonObject> messages = new ArrayList<>();
            messages.add(ws.next());
            messages.add(ws.next());
            assertThat(messages.stream().filter(m -> m.getString("id").equals("s")).map(LiveEventIT::status)
                    .toList(), is(List.of("LIVE")));
            assertThat(messages.stream().filter(m -> m.getString("id").equals("n")).map(m -> nowPlaying(m)
                    .getInt("index")).toList(), is(List.of(0)));

            clock.set(start.plusSeconds(61));
            scheduler.tick();
            JsonObject second = ws.next();
            assertThat(second.getString("id"), is("n"));
            assertThat(nowPlaying(second).getJsonObject("song").getString("title"), is("Middle"));
            assertThat(nowPlaying(second).getInt("index"), is(1));
            assertThat(nowPlaying(second).getInt("position"), is(1000));

            clock.set(start.plusSeconds(181));
            scheduler.tick();
            scheduler.tick(); // a duplicate fire changes nothing and publishes nothing
            assertThat(nowPlaying(ws.next()).getJsonObject("song").getString("title"), is("Closer"));

            clock.set(start.plusSeconds(211));
            scheduler.tick();
            JsonObject ended = ws.next();
            assertThat(status(ended), is("ENDED"));
            assertThat(event(id).get("nowPlaying"), is(JsonValue.NULL));
            assertThat(ws.poll(Duration.ofMillis(300)), is(nullValue()));
        }
    }

    @Test
    void afterARestartTheStateIsComputedFromTheSchedule() {
        Instant start = clock.instant().plusSeconds(60);
        String playing = create("Missed start", start.toString(), null);
        String over = create("Missed entirely", start.toString(), null);
        assertThat(event(playing).getString("timeZone"), is("Z"));
        // No replica ran while the event should have started; one starts 100 s into it.
        clock.set(start.plusSeconds(100));
        scheduler("restarted").tick();
        JsonObject live = event(playing);
        assertThat(live.getString("status"), is("LIVE"));
        assertThat(live.getJsonObject("nowPlaying").getInt("index"), is(1));
        assertThat(live.getJsonObject("nowPlaying").getInt("position"), is(40_000));
        // ... and one long after the second's playlist would have finished.
        clock.set(start.plusSeconds(1000));
        scheduler("restarted-again").tick();
        assertThat(event(playing).getString("status"), is("ENDED"));
        assertThat(event(over).getString("status"), is("ENDED"));
        assertThat(event(over).getString("endsAt"), is(start.plusSeconds(210).toString()));
    }

    @Test
    void anotherSchedulerTakesOverWhenTheLeaderStopsAndTheOldLeaderIsFencedOff() {
        LiveEventScheduler a = scheduler("replica-a");
        LiveEventScheduler b = scheduler("replica-b");
        Instant start = clock.instant().plusSeconds(30);
        String id = create("Handover", start.toString(), null);
        String later = create("Later", start.plusSeconds(300).toString(), null);
        assertThat(a.tick(), is(true));
        assertThat("one leader at a time", b.tick(), is(false));
        clock.set(start.plusSeconds(1));
        a.tick();
        b.tick();
        LiveEventDocument live = repository.findById(id).await().indefinitely();
        assertThat(live.index(), is(0));
        long tokenA = live.fence();

        // A stops (no more ticks). Its lease runs out; B takes over and continues at the right song.
        clock.set(start.plusSeconds(65));
        assertThat(b.tick(), is(true));
        LiveEventDocument continued = repository.findById(id).await().indefinitely();
        assertThat(continued.index(), is(1));
        assertThat(continued.fence(), greaterThan(tokenA));
        assertThat("A lost the lease", a.tick(), is(false));
        // A stale write with A's token is refused by the fence, whatever A believes.
        assertThat(repository.advance(id, tokenA, 1, 2, clock.instant()).await().indefinitely(), is(nullValue()));
        assertThat(repository.findById(id).await().indefinitely().index(), is(1));
        // B's takeover claimed every active event, the ones it has not written yet too: A (paused mid-step, say)
        // cannot start the later event either; its refused write is counted.
        LiveEventDocument untouched = repository.findById(later).await().indefinitely();
        assertThat(untouched.fence(), is(continued.fence()));
        double fenced = metrics.counter(LiveEventService.FENCED).getCount();
        clock.set(untouched.startsAt().plusSeconds(1));
        assertThat(service.advance(untouched, clock.instant(), tokenA), is(nullValue()));
        assertThat(repository.findById(later).await().indefinitely().status(), is(LiveEventStatus.SCHEDULED));
        assertThat(metrics.counter(LiveEventService.FENCED).getCount(), is((long) fenced + 1));
    }

    @Test
    void curatorsCreateAndCancelAndBadInputIsRefused() {
        Instant start = clock.instant().plusSeconds(3600);
        assertThat(createAnswer("Past", clock.instant().minusSeconds(1).toString(), null, curator).firstErrorCode(),
                is("BAD_USER_INPUT"));
        assertThat(createAnswer("Garbled", "next tuesday", null, curator).firstErrorCode(), is("BAD_USER_INPUT"));
        assertThat(createAnswer("Zone", start.toString(), "Mars/Olympus", curator).firstErrorCode(),
                is("BAD_USER_INPUT"));
        assertThat(createAnswer("Listener", start.toString(), null, issuer.token("fan", "listener")).firstErrorCode(),
                is("FORBIDDEN"));
        String id = create("Soon cancelled", start.toString(), null);
        JsonObject cancelled = client.data("mutation($e: ID!) { cancelLiveEvent(id: $e) { status } }",
                Fixtures.vars("e", id), curator).getJsonObject("cancelLiveEvent");
        assertThat(cancelled.getString("status"), is("CANCELLED"));
        assertThat(client.post("mutation($e: ID!) { cancelLiveEvent(id: $e) { status } }", Fixtures.vars("e", id),
                curator).firstErrorCode(), is("CONFLICT"));
        JsonObject listed = client.data("{ liveEvents(first: 100) { totalCount edges { node { id status } } } }", null)
                .getJsonObject("liveEvents");
        assertThat(listed.getInt("totalCount"), greaterThan(0));
    }

    @Test
    void onlyTheCreatorOrAnAdminCancelsAnEvent() {
        Instant start = clock.instant().plusSeconds(3600);
        String byCreator = create("Creator cancels", start.toString(), null);
        String byAdmin = create("Admin cancels", start.toString(), null);
        String otherCurator = issuer.token("curator-other", "curator");
        String cancel = "mutation($e: ID!) { cancelLiveEvent(id: $e) { status } }";

        Answer refused = client.post(cancel, Fixtures.vars("e", byCreator), otherCurator);
        assertThat(refused.firstErrorCode(), is("FORBIDDEN"));
        assertThat(refused.errors().getJsonObject(0).getString("message"),
                is("Only the curator who created this live event, or an admin, may cancel it."));
        assertThat("nothing changed", event(byCreator).getString("status"), is("SCHEDULED"));
        assertThat(client.post(cancel, Fixtures.vars("e", byCreator), issuer.token("artist-x", "artist"))
                .firstErrorCode(), is("FORBIDDEN"));

        assertThat(client.data(cancel, Fixtures.vars("e", byCreator), curator).getJsonObject("cancelLiveEvent")
                .getString("status"), is("CANCELLED"));
        assertThat(client.data(cancel, Fixtures.vars("e", byAdmin), issuer.token("admin-live", "admin"))
                .getJsonObject("cancelLiveEvent").getString("status"), is("CANCELLED"));
        // over already: still not the other curator's to touch, and a CONFLICT for the creator
        assertThat(client.post(cancel, Fixtures.vars("e", byAdmin), otherCurator).firstErrorCode(), is("FORBIDDEN"));
        assertThat(client.post(cancel, Fixtures.vars("e", byAdmin), curator).firstErrorCode(), is("CONFLICT"));
        assertThat(client.post(cancel, Fixtures.vars("e", "5f0000000000000000000000"), otherCurator).firstErrorCode(),
                is("NOT_FOUND"));
    }

    @Test
    void nowPlayingSendsTheCurrentSongAtOnce() {
        LiveEventScheduler scheduler = scheduler("replica-now");
        Instant start = clock.instant().plusSeconds(10);
        String id = create("Already on", start.toString(), null);
        clock.set(start.plusSeconds(70));
        scheduler.tick();
        try (WsClient ws = WsClient.initialized(target.getUri(), null)) {
            ws.subscribe("n", "subscription($e: ID!) { nowPlaying(eventId: $e) { eventId index startedAt position "
                              + "serverTime song { title } } }", Fixtures.vars("e", id));
            JsonObject frame = ws.next();
            System.out.println("nowPlaying frame: " + frame);
            JsonObject now = nowPlaying(frame);
            assertThat(now.getString("eventId"), is(id));
            assertThat(now.getInt("index"), is(1));
            assertThat(now.getInt("position"), is(10_000));
            assertThat(now.getString("startedAt"), is(start.plusSeconds(60).toString()));
            assertThat(now.getJsonObject("song").getString("title"), is("Middle"));
        }
    }

    @Test
    void whatKafkaDidNotDeliverIsResentFromTheStoredState() {
        Instant start = clock.instant().plusSeconds(5);
        String id = create("Kafka was down", start.toString(), null);
        try (WsClient ws = WsClient.initialized(target.getUri(), null)) {
            ws.subscribe("s", "subscription($e: ID!) { liveEventStatus(eventId: $e) { status } }",
                    Fixtures.vars("e", id));
            assertThat(status(ws.next()), is("SCHEDULED"));
            ws.subscribe("n", "subscription($e: ID!) { nowPlaying(eventId: $e) { index song { title } } }",
                    Fixtures.vars("e", id));
            awaitSubscribers(id, 2);
            // The event goes LIVE in MongoDB, but nothing is published (as if Kafka had been down).
            clock.set(start.plusSeconds(61));
            LiveEventDocument.Slot opener = new LiveEventDocument.Slot("i0", songId("Opener"), 60_000, "Opener", null);
            LiveEventDocument.Slot middle = new LiveEventDocument.Slot("i1", songId("Middle"), 120_000, "Middle", null);
            repository.goLive(id, Long.MAX_VALUE, List.of(opener, middle), start.plusSeconds(180), 1, clock.instant())
                    .await().indefinitely();
            assertThat(ws.poll(Duration.ofMillis(300)), is(nullValue()));
            relay.resync();
            List<JsonObject> resent = List.of(ws.next(), ws.next());
            assertThat(resent.stream().filter(m -> m.getString("id").equals("s")).map(LiveEventIT::status).toList(),
                    is(List.of("LIVE")));
            assertThat(resent.stream().filter(m -> m.getString("id").equals("n"))
                    .map(m -> nowPlaying(m).getJsonObject("song").getString("title")).toList(), is(List.of("Middle")));
            relay.resync(); // nothing new: nothing sent twice
            assertThat(ws.poll(Duration.ofMillis(300)), is(nullValue()));
        }
    }

    /**
     * Waits until both subscriptions on the event are registered with the hub: a subscribe is answered
     * asynchronously, and a change published before its registration would never reach it.
     */
    private void awaitSubscribers(String eventId, int count) {
        String key = LiveEventResync.key(eventId);
        Await.until(() -> hub.subscriberCount(key) == count, Duration.ofSeconds(10),
                () -> hub.subscriberCount(key) + " subscribers on " + key + ", not " + count);
    }

    private String songId(String title) {
        return client.data("query($p: ID!) { playlist(id: $p) { items { edges { node { song { id title } } } } } }",
                        Fixtures.vars("p", playlist), null).getJsonObject("playlist").getJsonObject("items")
                .getJsonArray("edges").stream().map(edge -> edge.asJsonObject().getJsonObject("node")
                        .getJsonObject("song")).filter(song -> song.getString("title").equals(title))
                .findFirst().orElseThrow().getString("id");
    }

    private LiveEventScheduler scheduler(String owner) {
        LiveEventScheduler scheduler = runner.create(owner + "-" + System.nanoTime(), null);
        schedulers.add(scheduler);
        return scheduler;
    }

    private String create(String title, String startsAt, String zone) {
        Answer answer = createAnswer(title, startsAt, zone, curator);
        assertThat(answer.json().toString(), answer.errors().isEmpty(), is(true));
        return answer.data().getJsonObject("createLiveEvent").getString("id");
    }

    private Answer createAnswer(String title, String startsAt, String zone, String token) {
        var input = Json.createObjectBuilder().add("title", title).add("startsAt", startsAt).add("playlistId", playlist);
        if (zone != null) {
            input.add("timeZone", zone);
        }
        return client.post("mutation($i: LiveEventInput!) { createLiveEvent(input: $i) { id status } }",
                Json.createObjectBuilder().add("i", input).build(), token);
    }

    private JsonObject event(String id) {
        return client.data("query($e: ID!) { liveEvent(id: $e) { " + EVENT + " } }", Fixtures.vars("e", id), null)
                .getJsonObject("liveEvent");
    }

    private static String status(JsonObject message) {
        return message.getJsonObject("payload").getJsonObject("data").getJsonObject("liveEventStatus")
                .getString("status");
    }

    private static JsonObject nowPlaying(JsonObject message) {
        return message.getJsonObject("payload").getJsonObject("data").getJsonObject("nowPlaying");
    }
}
