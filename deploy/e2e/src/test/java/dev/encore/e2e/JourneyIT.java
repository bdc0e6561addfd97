package dev.encore.e2e;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.encore.local.LocalStack;
import dev.encore.local.Ports;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.encore.e2e.Journey.check;

/**
 * The whole story against the real local stack, started as {@code deploy/local/run} starts it (same launcher, same
 * jars), on free ports so it never collides with a running stack. It talks to the services over HTTP and WebSocket
 * only, as a client would.
 */
class JourneyIT {

    private static LocalStack stack;
    private static Path data;
    private final Http http = new Http();

    @BeforeAll
    static void startStack() throws IOException {
        data = Files.createTempDirectory("encore-journey");
        Map<String, String> env = new LinkedHashMap<>();
        for (String variable : List.of("MONGO_PORT", "REDIS_PORT", "KAFKA_PORT", "KAFKA_CONTROLLER_PORT",
                                       "GRAPHQL_API_PORT", "IDENTITY_SERVICE_PORT", "MEDIA_SERVICE_PORT",
                                       "CHAT_SERVICE_PORT")) {
            env.put(variable, String.valueOf(Ports.free()));
        }
        env.put("LOCAL_DATA_DIR", data.toString());
        env.put("LOCAL_STACK_TIMEOUT_SECONDS", "240");
        stack = new LocalStack(env, Path.of(System.getProperty("encore.root", "../..")).toAbsolutePath().normalize());
        stack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void fromSignupToALiveEvent() {
        Journey journey = new Journey();
        String identity = stack.url("identity-service");

        String adminToken = journey.step("the admin logs in with the demo account", () ->
                login(identity, "admin@demo.local", "demo-admin-pass"));

        String email = "fan-" + UUID.randomUUID() + "@example.com";
        String password = "a long enough password";
        String userId = journey.step("a new user registers and logs in as a listener", () -> {
            Http.Answer registered = http.post(identity + "/auth/register", Json.createObjectBuilder()
                    .add("email", email).add("password", password).add("displayName", "New Fan").build(), null);
            check(registered.status() == 201, "register: " + registered);
            String token = login(identity, email, password);
            check(claims(token).getJsonArray("groups").getString(0).equals("listener"), "groups: " + claims(token));
            return registered.json().getString("id");
        });

        String artistToken = journey.step("the admin makes them an artist; their next token carries the role", () -> {
            Http.Answer changed = http.put(identity + "/users/" + userId + "/roles", Json.createObjectBuilder()
                    .add("roles", Json.createArrayBuilder().add("listener").add("artist")).build(), adminToken);
            check(changed.status() == 200, "role change: " + changed);
            String token = login(identity, email, password);
            check(claims(token).getJsonArray("groups").toString().contains("\"artist\""), "groups: " + claims(token));
            Http.Answer me = http.get(identity + "/users/me", token);
            check(me.status() == 200 && me.json().getString("id").equals(userId), "me: " + me);
            return token;
        });

        String graphql = stack.url("graphql-api") + "/graphql";
        JsonObject media = journey.step("the artist uploads a real MP3 (3 s, made with ffmpeg) to media-service", () -> {
            Http.Answer uploaded = http.send(Http.request(stack.url("media-service") + "/media", artistToken)
                    .header("Content-Type", "audio/mpeg")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(fixture())).build());
            check(uploaded.status() == 201, "upload: " + uploaded);
            JsonObject json = uploaded.json();
            check(Math.abs(json.getJsonNumber("durationMs").longValue() - 3000) <= 100, "duration of a 3 s tone: " + json);
            check(json.getJsonNumber("size").longValue() == fixture().length, "size: " + json);
            return json;
        });

        Map<String, String> catalog = journey.step("the artist creates an artist, an album and two songs in GraphQL", () -> {
            JsonObject artist = graphql(graphql, artistToken, "mutation($in: ArtistInput!) { createArtist(input: $in) { id name } }",
                    Json.createObjectBuilder().add("in", Json.createObjectBuilder().add("name", "Les Étoiles Éphémères")))
                    .getJsonObject("createArtist");
            JsonObject album = graphql(graphql, artistToken, "mutation($in: AlbumInput!) { createAlbum(input: $in) { id title } }",
                    Json.createObjectBuilder().add("in", Json.createObjectBuilder().add("title", "Nuit Blanche")
                            .add("artistId", artist.getString("id")).add("releaseDate", "2026-11-01")))
                    .getJsonObject("createAlbum");
            Map<String, String> ids = new LinkedHashMap<>(Map.of("artist", artist.getString("id"),
                                                                 "album", album.getString("id")));
            for (int track = 1; track <= 2; track++) {
                JsonObject song = graphql(graphql, artistToken,
                        "mutation($in: SongInput!) { createSong(input: $in) { id title trackNumber durationMs streamUrl artist { name } } }",
                        Json.createObjectBuilder().add("in", Json.createObjectBuilder().add("title", "Piste " + track)
                                .add("artistId", artist.getString("id")).add("albumId", album.getString("id"))
                                .add("trackNumber", track).add("mediaId", media.getString("id"))
                                .add("durationMs", media.getJsonNumber("durationMs").intValue())))
                        .getJsonObject("createSong");
                check(song.getJsonObject("artist").getString("name").equals("Les Étoiles Éphémères"), "song: " + song);
                check(song.getInt("durationMs") == media.getJsonNumber("durationMs").intValue(), "song: " + song);
                ids.put("song" + track, song.getString("id"));
            }
            JsonObject found = graphql(graphql, null, "{ search(query: \"etoiles\") { artists { id } } }",
                                       Json.createObjectBuilder()).getJsonObject("search");
            check(found.toString().contains(artist.getString("id")), "search for 'etoiles' did not find it: " + found);
            return ids;
        });

        journey.step("song.streamUrl answers a Range request with 206 and exactly those bytes", () -> {
            JsonObject song = graphql(graphql, null, "query($id: ID!) { song(id: $id) { streamUrl durationMs } }",
                    Json.createObjectBuilder().add("id", catalog.get("song1"))).getJsonObject("song");
            check(!song.isNull("streamUrl"), "song has no streamUrl: " + song);
            java.net.http.HttpResponse<byte[]> ranged = bytes(Http.request(song.getString("streamUrl"), null)
                    .header("Range", "bytes=100-1123").GET().build());
            byte[] expected = java.util.Arrays.copyOfRange(fixture(), 100, 1124);
            check(ranged.statusCode() == 206, "range: " + ranged.statusCode() + " " + ranged.headers().map());
            check(java.util.Arrays.equals(ranged.body(), expected), "range bytes differ from the uploaded file");
            check(ranged.headers().firstValue("Content-Range").orElse("")
                          .equals("bytes 100-1123/" + fixture().length), "Content-Range: " + ranged.headers().map());
        });

        String listenerToken = login(identity, "listener@demo.local", "demo-listener-pass");
        String subscriptions = stack.url("graphql-api").replace("http", "ws") + "/graphql";
        GraphqlWs listenerWs = journey.step("the listener connects to subscriptions (graphql-transport-ws)", () ->
                GraphqlWs.connect(http.client(), "listener subscriptions", subscriptions, listenerToken));
        String playlistId = journey.step("a listener makes a playlist of both songs, subscribes, moves a song and "
                                         + "sees the update with the new version", () -> {
            String id = graphql(graphql, listenerToken,
                    "mutation { createPlaylist(input: {name: \"Late Night\", public: true}) { id } }",
                    Json.createObjectBuilder()).getJsonObject("createPlaylist").getString("id");
            JsonObject playlist = null;
            for (String song : List.of(catalog.get("song1"), catalog.get("song2"))) {
                playlist = graphql(graphql, listenerToken, "mutation($p: ID!, $s: ID!) { addSongToPlaylist(playlistId: $p, "
                        + "songId: $s) { version items { edges { node { id song { id } } } } } }",
                        Json.createObjectBuilder().add("p", id).add("s", song)).getJsonObject("addSongToPlaylist");
            }
            String secondItem = playlist.getJsonObject("items").getJsonArray("edges").getJsonObject(1)
                    .getJsonObject("node").getString("id");
            listenerWs.subscribe("playlist", "subscription($id: ID!) { playlistUpdated(playlistId: $id) { kind "
                    + "playlist { name version items { edges { node { id } } } } } }",
                    Json.createObjectBuilder().add("id", id).build());
            // Subscribing is asynchronous: rename until the subscription reports a rename, so the move is surely seen.
            for (int attempt = 1; ; attempt++) {
                String name = "Late Night #" + attempt;
                graphql(graphql, listenerToken, "mutation($p: ID!, $in: PlaylistInput!) { updatePlaylist(id: $p, "
                        + "input: $in) { version } }", Json.createObjectBuilder().add("p", id)
                        .add("in", Json.createObjectBuilder().add("name", name).add("public", true)));
                try {
                    listenerWs.next("playlist", "the rename to " + name, data -> data.getJsonObject("playlistUpdated")
                            .getJsonObject("playlist").getString("name").equals(name), Duration.ofSeconds(2));
                    break;
                } catch (AssertionError notYet) {
                    if (attempt == 5) {
                        throw notYet;
                    }
                }
            }
            String version = graphql(graphql, listenerToken, "mutation($p: ID!, $i: ID!) { moveSongInPlaylist("
                    + "playlistId: $p, itemId: $i, toPosition: 0) { version } }",
                    Json.createObjectBuilder().add("p", id).add("i", secondItem))
                    .getJsonObject("moveSongInPlaylist").getString("version");
            listenerWs.next("playlist", "the MOVED update with version " + version, data -> {
                JsonObject update = data.getJsonObject("playlistUpdated");
                return update.getString("kind").equals("MOVED")
                       && update.getJsonObject("playlist").getString("version").equals(version)
                       && update.getJsonObject("playlist").getJsonObject("items").getJsonArray("edges")
                               .getJsonObject(0).getJsonObject("node").getString("id").equals(secondItem);
            }, Duration.ofSeconds(10));
            return id;
        });

        String curatorToken = login(identity, "curator@demo.local", "demo-curator-pass");
        OffsetDateTime startsAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(5).withNano(0);
        String eventId = journey.step("a curator schedules a live event on that playlist 4-5 s from now", () ->
                graphql(graphql, curatorToken, "mutation($in: LiveEventInput!) { createLiveEvent(input: $in) { id status } }",
                        Json.createObjectBuilder().add("in", Json.createObjectBuilder().add("title", "Listening party")
                                .add("playlistId", playlistId).add("startsAt", startsAt.toString())
                                .add("timeZone", "Europe/Berlin")))
                        .getJsonObject("createLiveEvent").getString("id"));

        String chatBase = stack.url("chat-service").replace("http", "ws") + "/chat/" + eventId + "?access_token=";
        Frames[] chat = new Frames[2];
        journey.step("before it starts, the listener subscribes to its status and now playing and opens its chat room", () -> {
            listenerWs.subscribe("status", "subscription($id: ID!) { liveEventStatus(eventId: $id) { status } }",
                                 Json.createObjectBuilder().add("id", eventId).build());
            listenerWs.subscribe("playing", "subscription($id: ID!) { nowPlaying(eventId: $id) { index startedAt "
                    + "position serverTime song { id title } } }", Json.createObjectBuilder().add("id", eventId).build());
            listenerWs.next("status", "the current status SCHEDULED at once",
                            data -> data.getJsonObject("liveEventStatus").getString("status").equals("SCHEDULED"),
                            Duration.ofSeconds(5));
            chat[0] = Frames.open(http.client(), "listener's chat", chatBase + listenerToken);
            chat[1] = Frames.open(http.client(), "artist's chat", chatBase + artistToken);
            for (Frames room : chat) {
                room.await("history", frame -> frame.getString("type").equals("history"), Duration.ofSeconds(10));
            }
        });

        journey.step("at startsAt it goes LIVE and plays the first song within 1 s; the chat room hears of it", () -> {
            long due = startsAt.toInstant().toEpochMilli();
            check(System.currentTimeMillis() < due, "the setup before the event overran its start; LIVE cannot be "
                  + "seen from before it started");
            // Two subscriptions: their frames may arrive in either order.
            java.util.function.Predicate<JsonObject> isLive = frame -> "status".equals(frame.getString("id", null))
                    && "next".equals(frame.getString("type", "")) && frame.getJsonObject("payload").getJsonObject("data")
                    .getJsonObject("liveEventStatus").getString("status").equals("LIVE");
            java.util.function.Predicate<JsonObject> isFirstSong = frame -> "playing".equals(frame.getString("id", null))
                    && "next".equals(frame.getString("type", "")) && frame.getJsonObject("payload").getJsonObject("data")
                    .getJsonObject("nowPlaying").getInt("index") == 0;
            Frames.Frame live = null;
            Frames.Frame first = null;
            while (live == null || first == null) {
                Frames.Frame frame = listenerWs.await(live == null ? "LIVE" : "the first song",
                        json -> (json.getString("type", "").equals("error")) || isLive.test(json)
                                || isFirstSong.test(json), Duration.ofSeconds(15));
                check(!frame.json().getString("type", "").equals("error"), "a subscription failed: " + frame.json());
                if (isLive.test(frame.json())) {
                    live = frame;
                } else {
                    first = first == null ? frame : first;
                }
            }
            check(live.receivedAtMillis() - due <= 1000, "LIVE arrived " + (live.receivedAtMillis() - due) + " ms after startsAt");
            check(first.receivedAtMillis() - due <= 1000,
                  "the first song arrived " + (first.receivedAtMillis() - due) + " ms after startsAt");
            System.out.printf("journey |     LIVE %d ms and first song %d ms after startsAt%n",
                              live.receivedAtMillis() - due, first.receivedAtMillis() - due);
            for (Frames room : chat) {
                room.await("system status LIVE", frame -> frame.getString("type").equals("system")
                        && frame.getString("kind", "").equals("status") && frame.toString().contains("LIVE"),
                        Duration.ofSeconds(10));
                room.await("system nowPlaying", frame -> frame.getString("type").equals("system")
                        && frame.getString("kind", "").equals("nowPlaying"), Duration.ofSeconds(10));
            }
        });

        journey.step("chat messages from two users arrive in the same order at both; a reconnect with since misses nothing", () -> {
            chat[0].send(chatMessage("Here we go", "l-1"));
            chat[1].send(chatMessage("Thanks for coming", "a-1"));
            chat[0].send(chatMessage("Great first track", "l-2"));
            List<List<String>> orders = new ArrayList<>();
            for (Frames room : chat) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    ids.add(room.await("message " + (i + 1), frame -> frame.getString("type").equals("message"),
                                       Duration.ofSeconds(10)).json().getString("id"));
                }
                check(ids.equals(ids.stream().sorted().toList()), "ids not in order: " + ids);
                orders.add(ids);
            }
            check(orders.get(0).equals(orders.get(1)), "the two users saw different orders: " + orders);
            String lastSeen = orders.get(1).get(2);
            chat[1].close();
            chat[0].send(chatMessage("Are you still there?", "l-3"));
            String missed = chat[0].await("message 4", frame -> frame.getString("type").equals("message"),
                                          Duration.ofSeconds(10)).json().getString("id");
            chat[1] = Frames.open(http.client(), "artist's chat again", chatBase + artistToken + "&since=" + lastSeen);
            JsonObject history = chat[1].await("history after " + lastSeen,
                    frame -> frame.getString("type").equals("history"), Duration.ofSeconds(10)).json();
            List<String> replayed = history.getJsonArray("messages").stream()
                    .map(m -> m.asJsonObject().getString("id")).toList();
            check(replayed.equals(List.of(missed)), "resume since " + lastSeen + " replayed " + replayed
                                                    + ", expected exactly " + missed);
        });

        journey.step("the event ends after its last song and ENDED arrives everywhere", () -> {
            listenerWs.next("status", "ENDED",
                    data -> data.getJsonObject("liveEventStatus").getString("status").equals("ENDED"), Duration.ofSeconds(20));
            chat[0].await("system status ENDED", frame -> frame.getString("type").equals("system")
                    && frame.getString("kind", "").equals("status") && frame.toString().contains("ENDED"),
                    Duration.ofSeconds(20));
            for (Frames room : chat) {
                room.close();
            }
            listenerWs.close();
        });

        journey.step("a listener may read the catalog but not write it", () -> {
            Http.Answer answer = http.post(graphql, Json.createObjectBuilder()
                    .add("query", "mutation { createArtist(input: {name: \"Nope\"}) { id } }").build(),
                    login(identity, "listener@demo.local", "demo-listener-pass"));
            check(answer.body().contains("\"FORBIDDEN\""), "listener createArtist: " + answer);
        });

        journey.step("a forged token is refused by every service", () -> {
            String forged = forge(artistToken);
            Map<String, Http.Answer> answers = new LinkedHashMap<>();
            answers.put("identity-service", http.get(identity + "/users/me", forged));
            answers.put("graphql-api", http.post(graphql, Json.createObjectBuilder()
                    .add("query", "{ artist(id: \"" + catalog.get("artist") + "\") { name } }").build(), forged));
            answers.put("media-service", http.get(stack.url("media-service") + "/media/" + media.getString("id"), forged));
            answers.put("chat-service", http.get(stack.url("chat-service") + "/rooms/lobby", forged));
            answers.forEach((service, answer) -> {
                check(answer.status() == 401, service + " accepted a forged token: " + answer);
                check(String.valueOf(answer.header("WWW-Authenticate")).startsWith("Bearer"),
                      service + " sent no Bearer challenge: " + answer.headers());
            });
            String chatSocket = stack.url("chat-service").replace("http", "ws") + "/chat/lobby?access_token=" + forged;
            Sockets.Closed closed = Sockets.awaitClose(http.client(), chatSocket);
            check(closed.code() == 4401, "chat-service WebSocket with a forged token: " + closed);
        });
    }

    private static JsonObject chatMessage(String text, String clientId) {
        return Json.createObjectBuilder().add("type", "message").add("text", text).add("clientId", clientId).build();
    }

    private static byte[] fixture() {
        try {
            return Files.readAllBytes(Path.of(System.getProperty("encore.root", "../.."))
                                              .resolve("media-service/src/test/resources/audio/tone.mp3"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private java.net.http.HttpResponse<byte[]> bytes(java.net.http.HttpRequest request) {
        try {
            return http.client().send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs a GraphQL document and returns {@code data}; any error fails the step with the whole answer. */
    private JsonObject graphql(String url, String token, String query, jakarta.json.JsonObjectBuilder variables) {
        Http.Answer answer = http.post(url, Json.createObjectBuilder().add("query", query)
                .add("variables", variables).build(), token);
        check(answer.status() == 200, "graphql " + query + ": " + answer);
        JsonObject body = answer.json();
        check(!body.containsKey("errors"), "graphql " + query + ": " + answer);
        return body.getJsonObject("data");
    }

    private String login(String identity, String email, String password) {
        Http.Answer answer = http.post(identity + "/auth/login",
                Json.createObjectBuilder().add("email", email).add("password", password).build(), null);
        check(answer.status() == 200, "login " + email + ": " + answer);
        check("Bearer".equals(answer.json().getString("tokenType")), "login answer: " + answer);
        return answer.json().getString("accessToken");
    }

    /** The claims of a JWT, read the way any client can (no verification: that is the services' job). */
    private static JsonObject claims(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        try (var reader = Json.createReader(new StringReader(payload))) {
            return reader.readObject();
        }
    }

    /** What an attacker can do with a real token: raise its privileges and keep the (now wrong) signature. */
    private static String forge(String jwt) {
        String[] parts = jwt.split("\\.");
        JsonObject claims = claims(jwt);
        JsonObject raised = Json.createObjectBuilder(claims)
                .add("groups", Json.createArrayBuilder().add("admin")).build();
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(raised.toString().getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }
}
