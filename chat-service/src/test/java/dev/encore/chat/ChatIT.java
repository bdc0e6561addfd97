package dev.encore.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.encore.chat.model.Message;
import dev.encore.local.BackingServers;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import dev.encore.support.events.ChatMessageEvent;
import dev.encore.support.events.LiveEventChange;
import dev.encore.support.events.Topics;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * chat-service through its public surface: real WebSocket clients, real embedded MongoDB-wire, Redis and Kafka.
 * Each test uses its own room and users, so the tests do not depend on each other's order.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "chat.gap-give-up", value = "PT2S")
@AddConfig(key = "chat.refresh-interval", value = "PT1S")
@AddConfig(key = "chat.send-queue", value = "256")
class ChatIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    WebTarget target;

    private final TestTokenIssuer issuer = TestTokenIssuer.shared();
    private final List<ChatClient> clients = new ArrayList<>();

    @BeforeEach
    void waitUntilReady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (target.path("/health/ready").request().get().getStatus() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready: " + target.path("/health/ready").request().get().readEntity(String.class));
            }
            Thread.sleep(200);
        }
    }

    @org.junit.jupiter.api.AfterEach
    void closeClients() {
        clients.forEach(ChatClient::close);
    }

    private ChatClient join(String room, String user, String... query) {
        return joinWithToken(room, issuer.token(user, "listener"), query.length == 0 ? null : query[0]);
    }

    /** Joins and waits for the history frame, which comes first: the client is in the room from then on. */
    private ChatClient joined(String room, String user) {
        ChatClient client = join(room, user);
        client.next("history");
        return client;
    }

    private ChatClient joinWithToken(String room, String token, String query) {
        ChatClient client = ChatClient.connect(target.getUri().getPort(), room, token, query);
        clients.add(client);
        return client;
    }

    private static String room() {
        return "room-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<String> texts(List<JsonObject> messages) {
        return messages.stream().map(m -> m.getString("text")).toList();
    }

    @Test
    void joinerGetsHistoryThenLiveMessagesAndSenderGetsItsOwnMessageBack() {
        String room = room();
        ChatClient alice = join(room, "alice");
        assertThat(alice.next("history").getJsonArray("messages"), is(empty()));
        alice.sendMessage("  hello\u0007 world  ", "c1");
        JsonObject ack = alice.next("message");
        assertThat(ack.getString("text"), is("hello world"));
        assertThat(ack.getString("userId"), is("alice"));
        assertThat(ack.getString("clientId"), is("c1"));
        assertThat(ack.getString("id"), is("000000000001"));

        ChatClient bob = join(room, "bob");
        List<JsonObject> history = bob.next("history").getJsonArray("messages").getValuesAs(JsonObject.class);
        assertThat(texts(history), contains("hello world"));
        JsonObject presence = bob.next(f -> f.getString("type").equals("presence")
                && f.getJsonArray("users").size() == 2, WAIT);
        assertThat(presence.getJsonArray("users").getJsonObject(0).getString("userId"), is("alice"));
        bob.sendMessage("hi alice", "b1");
        assertThat(alice.next("message").getString("text"), is("hi alice"));
        assertThat(bob.next("message").getString("text"), is("hi alice"));
        bob.close();
        assertThat(alice.next(f -> f.getString("type").equals("presence")
                && f.getJsonArray("users").size() == 1, WAIT).getJsonArray("users").getJsonObject(0)
                .getString("userId"), is("alice"));
    }

    @Test
    void resumingWithSinceReplaysExactlyWhatWasMissed() {
        String room = room();
        ChatClient alice = joined(room, "alice");
        alice.sendMessage("one", "1");
        String lastSeen = alice.next("message").getString("id");
        alice.close();

        ChatClient bob = joined(room, "bob");
        bob.sendMessage("two", "2");
        bob.sendMessage("three", "3");
        bob.next("message");
        bob.next("message");

        ChatClient back = join(room, "alice", "since=" + lastSeen);
        JsonObject history = back.next("history");
        assertThat(texts(history.getJsonArray("messages").getValuesAs(JsonObject.class)), contains("two", "three"));
        bob.sendMessage("four", "4");
        assertThat(back.next("message").getString("text"), is("four"));
        assertThat(back.drain("message", Duration.ofMillis(500)), is(empty()));
    }

    @Test
    void resentClientIdIsStoredOnceAndReturnedToTheSenderOnly() {
        String room = room();
        ChatClient alice = joined(room, "alice");
        ChatClient bob = joined(room, "bob");
        alice.sendMessage("once", "same-key");
        JsonObject first = alice.next("message");
        alice.sendMessage("once again?", "same-key");
        JsonObject again = alice.next("message");
        assertThat(again.getString("id"), is(first.getString("id")));
        assertThat(again.getString("text"), is("once"));
        assertThat(again.getBoolean("duplicate"), is(true));
        alice.sendMessage("next", "other-key");
        assertThat(texts(List.of(bob.next("message"), bob.next("message"))), contains("once", "next"));
        assertThat(bob.drain("message", Duration.ofMillis(500)), is(empty()));
        ChatClient carol = join(room, "carol");
        assertThat(texts(carol.next("history").getJsonArray("messages").getValuesAs(JsonObject.class)),
                contains("once", "next"));
    }

    @Test
    void concurrentSendersAreSeenInTheSameOrderByEveryone() throws Exception {
        String room = room();
        List<ChatClient> senders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ChatClient client = join(room, "sender-" + i);
            client.next("history");
            senders.add(client);
        }
        ChatClient watcher = joined(room, "watcher");
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                ChatClient client = senders.get(i);
                int sender = i;
                pool.submit(() -> {
                    for (int n = 0; n < 5; n++) {
                        client.sendMessage("s" + sender + "-" + n, "k" + n);
                    }
                });
            }
        }
        List<List<String>> seen = new ArrayList<>();
        for (ChatClient client : List.of(senders.get(0), senders.get(3), watcher)) {
            List<String> ids = new ArrayList<>();
            for (int n = 0; n < 20; n++) {
                ids.add(client.next("message").getString("id"));
            }
            seen.add(ids);
        }
        assertThat(seen.get(0), is(seen.get(1)));
        assertThat(seen.get(0), is(seen.get(2)));
        assertThat(seen.get(0), is(seen.get(0).stream().sorted().distinct().toList()));
    }

    @Test
    void badFramesGetErrorFramesAndAClientThatKeepsSendingGarbageIsClosed() {
        String room = room();
        ChatClient alice = joined(room, "alice");
        alice.sendMessage("   ", "e1");
        assertThat(alice.next("error").getString("code"), is("EMPTY"));
        alice.sendMessage("x".repeat(501), "e2");
        assertThat(alice.next("error").getString("code"), is("TOO_LONG"));
        alice.send("{\"type\":\"message\",\"text\":\"" + "y".repeat(20_000) + "\",\"clientId\":\"e3\"}");
        assertThat(alice.next("error").getString("code"), is("TOO_LONG"));
        alice.sendMessage("no key", "");
        assertThat(alice.next("error").getString("code"), is("BAD_FRAME"));
        alice.send("{\"type\":\"message\",\"text\":5,\"clientId\":\"e4\"}");
        assertThat("a number is not an empty text", alice.next("error").getString("code"), is("BAD_FRAME"));
        alice.send("{\"type\":\"delete\",\"id\":\"999999\"}");
        assertThat(alice.next("error").getString("code"), is("BAD_FRAME"));
        JsonObject binary = null;
        for (int i = 0; i < 5; i++) {
            if (i == 4) {
                // Valid JSON, but in a binary frame: frames are text.
                alice.sendBinary("{\"type\":\"typing\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                binary = alice.next("error");
                assertThat(binary.getString("code"), is("BAD_FRAME"));
                continue;
            }
            alice.send(i % 2 == 0 ? "not json" : "{\"type\":\"shout\"}");
            assertThat(alice.next("error").getString("code"), is("BAD_FRAME"));
        }
        assertThat(binary.getString("message"), containsString("binary"));
        alice.send("[]");
        assertThat(alice.closeCode(WAIT), is(1008));
    }

    @Test
    void invalidTokensAndRoomIdsAreRefused() {
        String room = room();
        ChatClient forged = joinWithToken(room, issuer.forgedToken("mallory", "admin"), null);
        assertThat(forged.closeCode(WAIT), is(4401));
        ChatClient expired = joinWithToken(room, issuer.expiredToken("mallory", "listener"), null);
        assertThat(expired.closeCode(WAIT), is(4401));
        assertThat(expired.closeReason(), containsString("expired"));
        ChatClient none = joinWithToken(room, "", null);
        assertThat(none.closeCode(WAIT), is(4401));
        ChatClient badRoom = joinWithToken("bad$room", issuer.token("alice", "listener"), null);
        assertThat(badRoom.closeCode(WAIT), is(1008));
        for (String since : new String[] {"abc", "-1", "99999999999999999999", "9999999999999999999"}) {
            ChatClient badSince = joinWithToken(room, issuer.token("alice", "listener"), "since=" + since);
            assertThat("since=" + since, badSince.closeCode(WAIT), is(1008));
            assertThat(badSince.closeReason(), containsString("since"));
        }

        ChatClient header = ChatClient.connect("ws://127.0.0.1:" + target.getUri().getPort() + "/chat/" + room,
                "Bearer " + issuer.token("hedwig", "listener"), true);
        clients.add(header);
        header.next("history");
        header.sendMessage("via header", "h1");
        assertThat(header.next("message").getString("userId"), is("hedwig"));
    }

    @Test
    void hostileRoomIdsAndQueriesAreRefusedWithAReasonNeverA500() {
        int port = target.getUri().getPort();
        String token = issuer.token("mallory", "listener");
        String overlong = "x".repeat(65);
        // NUL, control characters, space, DEL, an encoded slash, dot segments, overlong, broken and overlong UTF-8,
        // a right-to-left override: each either a 400 naming roomId or an upgraded socket closed with 1008.
        for (String id : new String[] {"a%00b", "a%01b", "a%0Ab", "a%0D%0Ab", "a%20b", "a%7F", "a%2Fb", "a%2F..%2Fb",
                "%2e%2e", "%2E", overlong, "a%FFb", "a%C3%28", "a%C0%AF", "%E2%80%AEevil", "a%25b"}) {
            RawHandshake.Answer answer = RawHandshake.open(port, "/chat/" + id, token);
            if (answer.status() == 101) {
                assertThat(id, answer.closeCode(), is(1008));
                assertThat(id, answer.closeReason(), is("invalid room id"));
            } else {
                assertThat(id + ": " + answer.body(), answer.status(), is(400));
                assertThat(id, Json.createReader(new java.io.StringReader(answer.body())).readObject()
                        .getString("field"), is("roomId"));
            }
            Response rest = target.path("/rooms/" + id).request().get();
            assertThat("GET /rooms/" + id, rest.getStatus(), is(400));
            rest.close();
        }
        for (String query : new String[] {"since=%00", "since=1%0A2", "access_token=a%20b%00", "since=%FF"}) {
            RawHandshake.Answer answer = RawHandshake.open(port, "/chat/" + room() + "?" + query, token);
            assertThat(query + ": " + answer, answer.status() == 400
                    || answer.status() == 101 && answer.closeCode() >= 1008, is(true));
        }
        RawHandshake.Answer plain = RawHandshake.open(port, "/chat/" + room(), token);
        assertThat("a valid handshake still opens", plain.status(), is(101));
        Response notAHandshake = target.path("/chat/" + room()).request().get();
        assertThat("a plain GET on a socket URL", notAHandshake.getStatus(), is(426));
        assertThat(notAHandshake.getHeaderString("Upgrade"), is("websocket"));
        notAHandshake.close();
    }

    @Test
    void rateLimitSlowModeAndMuteAnswerWithRetryAfter() {
        String room = room();
        ChatClient alice = joined(room, "alice");
        // Six at once: the bucket holds five and refills one every 2 s, so waiting for each ack could refill it.
        for (int i = 0; i < 5; i++) {
            alice.sendMessage("m" + i, "r" + i);
        }
        alice.sendMessage("too many", "r5");
        int accepted = 0;
        JsonObject limited = null;
        while (accepted + (limited == null ? 0 : 1) < 6) {
            JsonObject frame = alice.next(f -> Set.of("message", "error").contains(f.getString("type")), WAIT);
            if (frame.getString("type").equals("message")) {
                accepted++;
            } else {
                assertThat("only one of the six is refused: " + frame, limited, is(nullValue()));
                limited = frame;
            }
        }
        assertThat(accepted, is(5));
        assertThat(limited.getString("code"), is("RATE_LIMITED"));
        assertThat(limited.getJsonNumber("retryAfterMs").longValue(), greaterThan(0L));
        assertThat(limited.getString("clientId"), is("r5"));

        String moderator = issuer.token("mod", "moderator");
        assertThat(req("/rooms/" + room + "/settings", moderator)
                .put(Entity.json("{\"slowModeSeconds\":30}")).getStatus(), is(200));
        assertThat(req("/rooms/" + room + "/settings", issuer.token("alice", "listener"))
                .put(Entity.json("{\"slowModeSeconds\":0}")).getStatus(), is(403));
        assertThat(req("/rooms/" + room + "/settings", moderator)
                .put(Entity.json("{\"slowModeSeconds\":-1}")).getStatus(), is(400));
        String missing = req("/rooms/" + room + "/settings", moderator).put(Entity.json("{}")).readEntity(String.class);
        assertThat(missing, containsString("slowModeSeconds"));
        assertThat(missing, containsString("is required"));
        JsonObject room1 = JsonbBuilder.create().fromJson(target.path("/rooms/" + room).request().get(String.class),
                JsonObject.class);
        assertThat(room1.getInt("slowModeSeconds"), is(30));
        assertThat(room1.getInt("online"), is(1));

        ChatClient bob = joined(room, "bob");
        bob.sendMessage("first", "s1");
        bob.next("message");
        bob.sendMessage("second", "s2");
        JsonObject slow = bob.next("error");
        assertThat(slow.getString("code"), is("SLOW_MODE"));
        assertThat(slow.getJsonNumber("retryAfterMs").longValue(), lessThanOrEqualTo(30_000L));

        Response muted = req("/rooms/" + room + "/mutes", moderator)
                .post(Entity.json("{\"userId\":\"carol\",\"seconds\":60}"));
        assertThat(muted.getStatus(), is(201));
        ChatClient carol = joined(room, "carol");
        carol.sendMessage("can I talk?", "m1");
        JsonObject mute = carol.next("error");
        assertThat(mute.getString("code"), is("MUTED"));
        assertThat(mute.getJsonNumber("retryAfterMs").longValue(), greaterThan(50_000L));
        assertThat(req("/rooms/" + room + "/mutes/carol", moderator).delete().getStatus(), is(204));
        assertThat(req("/rooms/" + room + "/settings", moderator)
                .put(Entity.json("{\"slowModeSeconds\":0}")).getStatus(), is(200));
        carol.sendMessage("thanks", "m2");
        assertThat(carol.next("message").getString("text"), is("thanks"));
    }

    @Test
    void banClosesTheUsersSocketsAndKeepsThemOut() {
        String room = room();
        ChatClient dave = joined(room, "dave");
        assertThat(req("/rooms/" + room + "/bans", issuer.token("alice", "listener"))
                .post(Entity.json("{\"userId\":\"dave\"}")).getStatus(), is(403));
        assertThat(target.path("/rooms/" + room + "/bans").request()
                .post(Entity.json("{\"userId\":\"dave\"}")).getStatus(), is(401));
        assertThat(req("/rooms/" + room + "/bans", issuer.token("admin", "admin"))
                .post(Entity.json("{\"userId\":\"dave\"}")).getStatus(), is(201));
        assertThat(dave.closeCode(WAIT), is(4403));
        ChatClient again = join(room, "dave");
        assertThat(again.next("error").getString("code"), is("BANNED"));
        assertThat(again.closeCode(WAIT), is(4403));
        assertThat(req("/rooms/" + room + "/bans/dave", issuer.token("admin", "admin")).delete()
                .getStatus(), is(204));
        ChatClient back = joined(room, "dave");
    }

    @Test
    void authorAndModeratorMayDeleteOthersMayNot() {
        String room = room();
        ChatClient alice = join(room, "alice");
        ChatClient bob = join(room, "bob");
        ChatClient mod = joinWithToken(room, issuer.token("mod", "moderator"), null);
        alice.next("history");
        bob.next("history");
        mod.next("history");
        alice.sendMessage("mine", "d1");
        alice.sendMessage("also mine", "d2");
        String first = alice.next("message").getString("id");
        String second = alice.next("message").getString("id");

        bob.send("{\"type\":\"delete\",\"id\":\"" + first + "\"}");
        assertThat(bob.next("error").getString("code"), is("FORBIDDEN"));
        alice.send("{\"type\":\"delete\",\"id\":\"" + first + "\"}");
        assertThat(bob.next("deleted").getString("id"), is(first));
        mod.send("{\"type\":\"delete\",\"id\":\"" + second + "\"}");
        assertThat(alice.next(f -> f.getString("type").equals("deleted") && f.getString("id").equals(second), WAIT)
                .getString("id"), is(second));
        assertThat(join(room, "carol").next("history").getJsonArray("messages"), is(empty()));
    }

    @Test
    void liveEventChangesArePostedAsSystemFramesInTheEventsRoom() {
        String eventId = "evt-" + UUID.randomUUID();
        ChatClient alice = join(eventId, "alice");
        alice.next("history");
        try (KafkaProducer<String, String> producer = producer()) {
            var jsonb = JsonbBuilder.create();
            producer.send(new ProducerRecord<>(Topics.LIVE_EVENTS, eventId, jsonb.toJson(new LiveEventChange(
                    LiveEventChange.Kind.STATUS, eventId, "LIVE", null, null, null, null, null, Instant.now()))));
            producer.send(new ProducerRecord<>(Topics.LIVE_EVENTS, eventId, jsonb.toJson(new LiveEventChange(
                    LiveEventChange.Kind.NOW_PLAYING, eventId, "LIVE", "song-1", "Blue", "Eiffel 65", 0,
                    Instant.now(), Instant.now()))));
        }
        JsonObject status = alice.next("system");
        assertThat(status.getString("kind"), is("status"));
        assertThat(status.getString("status"), is("LIVE"));
        JsonObject nowPlaying = alice.next("system");
        assertThat(nowPlaying.getString("kind"), is("nowPlaying"));
        assertThat(nowPlaying.getString("songTitle"), is("Blue"));
        assertThat(nowPlaying.getInt("index"), is(0));
    }

    @Test
    void typingIsRelayedToOthersAndThrottled() {
        String room = room();
        ChatClient alice = joined(room, "alice");
        ChatClient bob = joined(room, "bob");
        alice.send("{\"type\":\"typing\"}");
        alice.send("{\"type\":\"typing\"}");
        assertThat(bob.next("typing").getString("userId"), is("alice"));
        assertThat(bob.drain("typing", Duration.ofMillis(500)), is(empty()));
        assertThat(alice.drain("typing", Duration.ofMillis(100)), is(empty()));
    }

    @Test
    void aClientThatStopsReadingIsClosedAsTooSlowWithoutHoldingUpTheRoom() throws InterruptedException {
        String eventId = "slow-" + UUID.randomUUID();
        ChatClient stalled = ChatClient.connect("ws://127.0.0.1:" + target.getUri().getPort() + "/chat/" + eventId
                + "?access_token=" + issuer.token("sloth", "listener"), null, false);
        clients.add(stalled);
        ChatClient healthy = join(eventId, "quick");
        healthy.next("history");
        String title = "z".repeat(4000);
        // 4,000 frames of 4 KB overflow what a reader-less socket can hold (its queue of 256 frames plus both kernel
        // buffers, about 2,800 frames here). They go out in steps the healthy client has read before the next is
        // sent, so it never falls more than one step behind (less than its queue) however slow this JVM is.
        int step = 200;
        try (KafkaProducer<String, String> producer = producer()) {
            var jsonb = JsonbBuilder.create();
            for (int from = 0; from < 4000; from += step) {
                for (int i = from; i < from + step; i++) {
                    producer.send(new ProducerRecord<>(Topics.LIVE_EVENTS, eventId, jsonb.toJson(new LiveEventChange(
                            LiveEventChange.Kind.NOW_PLAYING, eventId, "LIVE", "s" + i, title, "a", i, null, null))));
                }
                producer.flush();
                int last = from + step - 1;
                healthy.next(f -> f.getString("type").equals("system") && f.getInt("index") == last,
                             Duration.ofSeconds(30));
            }
        }
        // A client that reads nothing cannot read the close frame either: check the server's side of the story.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String metrics = "";
        while (System.nanoTime() < deadline && !metrics.contains("chat_slow_consumer_closes_total")) {
            metrics = target.path("/metrics").request().get(String.class);
            Thread.sleep(100);
        }
        assertThat(metrics, containsString("chat_slow_consumer_closes_total"));
        assertThat(healthy.isClosed(), is(false));
    }

    @Test
    void chatGoesOnWhileRedisIsDown(BackingServers servers) {
        String room = room();
        ChatClient alice = joined(room, "alice");
        servers.redis().stop();
        try {
            ChatClient bob = joined(room, "bob");
            bob.sendMessage("redis is down", "x1");
            assertThat(alice.next("message").getString("text"), is("redis is down"));
        } finally {
            servers.redis().start();
        }
    }

    @Test
    void messagesSentWhileKafkaIsDownAreNeverLostNorDoubled(BackingServers servers) throws InterruptedException {
        String room = room();
        ChatClient alice = joined(room, "alice");
        ChatClient bob = joined(room, "bob");
        alice.sendMessage("before", "k0");
        assertThat(bob.next("message").getString("text"), is("before"));
        long retryAfter;
        servers.kafka().stop();
        try {
            alice.sendMessage("during", "k1");
            JsonObject error = alice.next(f -> f.getString("type").equals("error"), Duration.ofSeconds(20));
            assertThat(error.getString("code"), is("UNAVAILABLE"));
            assertThat(error.getString("clientId"), is("k1"));
            // chat.unavailable-retry-after (2 s) plus up to half of it, so senders spread their resends.
            retryAfter = error.getJsonNumber("retryAfterMs").longValue();
            assertThat(retryAfter, is(both(greaterThanOrEqualTo(2000L)).and(lessThanOrEqualTo(3000L))));
        } finally {
            servers.kafka().start();
        }
        waitUntilReady();
        // The client resends with the same clientId, waiting retryAfterMs, until it gets its message back.
        JsonObject ack = null;
        for (int attempt = 0; attempt < 20 && ack == null; attempt++) {
            Thread.sleep(attempt == 0 ? 0 : retryAfter);
            alice.sendMessage("during", "k1");
            try {
                ack = alice.next(f -> f.getString("type").equals("message") && f.getString("clientId").equals("k1"),
                        Duration.ofSeconds(3));
            } catch (AssertionError e) {
                // still reconnecting to the broker
            }
        }
        assertThat(ack.getString("text"), is("during"));
        alice.sendMessage("after", "k2");
        List<String> seen = new ArrayList<>();
        seen.add(bob.next("message").getString("text"));
        seen.add(bob.next("message").getString("text"));
        seen.addAll(texts(bob.drain("message", Duration.ofSeconds(1))));
        assertThat(seen, contains("during", "after"));
        ChatClient carol = join(room, "carol", "since=0");
        assertThat(texts(carol.next("history").getJsonArray("messages").getValuesAs(JsonObject.class)),
                contains("before", "during", "after"));
    }

    @Test
    void anIdAnEarlierVersionLeftUnstoredIsTombstonedAndTheRoomMovesOn() {
        String room = room();
        ChatClient alice = joined(room, "alice");
        ChatClient bob = joined(room, "bob");
        alice.sendMessage("one", "o1");
        assertThat(bob.next("message").getString("id"), is("000000000001"));
        // Versions that drew ids from a counter could burn one (here 2) and store and publish the next.
        Message three = new Message("000000000003", room, "carol", "carol", "three", Instant.now(), "t3");
        try (MongoClient mongo = MongoClients.create(System.getProperty("mongodb.uri"))) {
            mongo.getDatabase(System.getProperty("mongodb.database")).getCollection("messages")
                    .insertOne(new Document("_id", room + "/" + three.id()).append("roomId", room).append("seq", 3L)
                            .append("userId", "carol").append("displayName", "carol").append("text", "three")
                            .append("clientId", "t3").append("ts", java.util.Date.from(three.ts())));
        }
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, room, JsonbBuilder.create().toJson(
                    new ChatMessageEvent(ChatMessageEvent.Kind.MESSAGE, three.id(), room, "carol", "carol", "three", "t3",
                            three.ts()))));
        }
        // chat.gap-give-up is 2 s here: id 2 is claimed with a tombstone, then 3 is delivered.
        assertThat(bob.next("message").getString("text"), is("three"));
        alice.sendMessage("four", "o4");
        assertThat(bob.next("message").getString("id"), is("000000000004"));
        assertThat(texts(join(room, "dora", "since=0").next("history").getJsonArray("messages")
                .getValuesAs(JsonObject.class)), contains("one", "three", "four"));
        assertThat(target.path("/metrics").request().get(String.class), containsString("chat_gap_tombstones_total"));
    }

    @Test
    void anUnreadableKafkaRecordIsSkippedAndTheRecordsAfterItAreStillDelivered() {
        String room = room();
        ChatClient bob = joined(room, "bob");
        // A listener that let the bad record escape would start over from the end and never see "two".
        Message two = new Message("000000000001", room, "carol", "carol", "two", Instant.now(), "u1");
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, room, "not json {"));
            producer.send(new ProducerRecord<>(Topics.CHAT_SIGNALS, room, "{\"kind\": 42}"));
            producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, room, JsonbBuilder.create().toJson(
                    new ChatMessageEvent(ChatMessageEvent.Kind.MESSAGE, two.id(), room, "carol", "carol", "two", "u1",
                            two.ts()))));
        }
        assertThat(bob.next("message").getString("text"), is("two"));
    }

    private jakarta.ws.rs.client.Invocation.Builder req(String path, String token) {
        return target.path(path).request().header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", BackingServers.shared().kafka().bootstrapServers(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()));
    }

}
