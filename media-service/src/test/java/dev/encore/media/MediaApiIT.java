package dev.encore.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.mongodb.client.MongoDatabase;
import dev.encore.local.BackingServers;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import dev.encore.media.support.Http;
import dev.encore.media.support.RecordingCloudflare;
import dev.encore.support.events.Topics;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The whole media API over real HTTP, against the embedded MongoDB-wire server and Kafka broker, a real blob store in
 * a temporary directory, and a recording stand-in for Cloudflare's API. Uploads are limited to 2 MB here, so the 413
 * cases stay cheap.
 */
@ExtendWith({BackingServersExtension.class, MediaApiIT.Settings.class})
@HelidonTest
class MediaApiIT {

    /** An HTTP date as RFC 9110 writes it: two-digit day, GMT. */
    private static final String IMF_FIXDATE =
            "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT";

    private static final long LIMIT = 2 * 1024 * 1024;
    private static final String PUBLIC_BASE = "https://media.encore.test";
    private static final RecordingCloudflare CLOUDFLARE = new RecordingCloudflare();
    private static final Path STORAGE = temporaryDirectory();

    /** Sets this class's configuration before CDI boots; declared above {@code @HelidonTest}. */
    static final class Settings implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            configure();
        }
    }

    private static void configure() {
        System.setProperty("media.storage.root", STORAGE.toString());
        System.setProperty("media.max-upload-size", String.valueOf(LIMIT));
        System.setProperty("media.public-base-url", PUBLIC_BASE);
        System.setProperty("media.cdn.api-base", CLOUDFLARE.apiBase());
        System.setProperty("media.cdn.zone-id", "zone-123");
        System.setProperty("media.cdn.api-token", "cf-token-abc");
        System.setProperty("media.cdn.purge.initial-backoff", "PT0.05S");
        System.setProperty("media.cdn.purge.max-attempts", "3");
        System.setProperty("media.events.retry-interval", "PT1S");
    }

    @Inject
    WebTarget target;

    @Inject
    MongoDatabase database;

    private final TestTokenIssuer issuer = TestTokenIssuer.shared();
    private Http http;

    @BeforeEach
    void setUp() {
        http = new Http(target.getUri());
        CLOUDFLARE.reset();
    }

    @AfterAll
    static void stopCloudflare() {
        CLOUDFLARE.close();
    }

    // ---- upload ----

    @ParameterizedTest
    @CsvSource({"tone.mp3, audio/mpeg, audio/mpeg, MP3, mp3",
                "tone-vbr-noid3.mp3, audio/mpeg, audio/mpeg, MP3, mp3",
                "tone.flac, audio/flac, audio/flac, FLAC, flac",
                "tone.ogg, audio/ogg, audio/ogg, OGG_VORBIS, ogg",
                "tone.opus, audio/ogg, audio/ogg, OGG_OPUS, opus",
                "tone.wav, audio/wav, audio/wav, WAV, wav",
                "tone.m4a, audio/mp4, audio/mp4, MP4, m4a",
                "tone.flac, application/octet-stream, audio/flac, FLAC, flac"})
    void uploadsEachFormatAndMeasuresIt(String fixture, String declared, String served, String format, String ext)
            throws Exception {
        byte[] bytes = fixture(fixture);
        String owner = "uploader-" + fixture.hashCode() + declared.length();
        HttpResponse<byte[]> response = upload(owner, declared, bytes);
        assertThat(text(response), response.statusCode(), is(201));
        JsonObject media = json(response);
        assertThat(media.getString("contentType"), is(served));
        assertThat(media.getString("format"), is(format));
        assertThat(media.getJsonNumber("size").longValue(), is((long) bytes.length));
        assertThat(media.getString("sha256"), is(sha256(bytes)));
        assertThat(media.getJsonNumber("durationMs").longValue(), allOf(greaterThan(2_950L), lessThan(3_100L)));
        assertThat(media.getString("streamUrl"), is(PUBLIC_BASE + "/stream/" + sha256(bytes) + "." + ext));
        assertThat(media.getString("ownerId"), is(owner));
        assertThat(response.headers().firstValue("Location").orElseThrow(), containsString("/media/" + media.getString("id")));
    }

    @Test
    void uploadReturnsTheContractFieldsAndLookUpReturnsTheSame() throws Exception {
        JsonObject uploaded = json(upload("artist-lookup", "audio/mpeg", fixture("tone.mp3")));
        for (String field : List.of("id", "contentType", "size", "sha256", "durationMs", "streamUrl")) {
            assertThat(field, uploaded.containsKey(field), is(true));
        }
        assertThat(uploaded.getJsonObject("tags").getString("title"), is("Fixture Tone"));
        HttpResponse<byte[]> found = http.request("/media/" + uploaded.getString("id")).get();
        assertThat(found.statusCode(), is(200));
        assertThat(json(found), is(uploaded));
        assertThat(found.headers().firstValue("Cache-Control").orElseThrow(), is("public, max-age=60"));
        assertThat(http.request("/media/nope").get().statusCode(), is(404));
    }

    @Test
    void uploadsTheFileFieldOfAMultipartForm() throws Exception {
        byte[] audio = fixture("tone.ogg");
        String boundary = "encoreBoundary42";
        byte[] form = concat(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nA song\r\n--"
                              + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.ogg\"\r\n"
                              + "Content-Type: audio/ogg\r\n\r\n").getBytes(StandardCharsets.UTF_8), audio,
                             ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = http.request("/media").bearer(issuer.token("artist-form", "artist"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).post(form);
        assertThat(text(response), response.statusCode(), is(201));
        assertThat(json(response).getString("sha256"), is(sha256(audio)));
        assertThat(json(response).getString("format"), is("OGG_VORBIS"));
    }

    @Test
    void sameBytesAreStoredOnce() throws Exception {
        byte[] audio = fixture("tone.wav");
        JsonObject first = json(upload("artist-dedup-1", "audio/wav", audio));
        HttpResponse<byte[]> again = upload("artist-dedup-1", "audio/x-wav", audio);
        assertThat("the same owner's re-upload is the same media", again.statusCode(), is(200));
        assertThat(json(again).getString("id"), is(first.getString("id")));
        HttpResponse<byte[]> other = upload("artist-dedup-2", "audio/wav", audio);
        assertThat(other.statusCode(), is(201));
        assertThat(json(other).getString("id"), not(first.getString("id")));
        assertThat(json(other).getString("streamUrl"), is(first.getString("streamUrl")));
        String sha = sha256(audio);
        assertThat(storedBlobs().filter(p -> p.getFileName().toString().startsWith(sha)).count(), is(1L));
        assertThat(stagingFiles(), is(empty()));
    }

    @Test
    void uploadNeedsAnArtistCuratorOrAdmin() throws Exception {
        byte[] audio = fixture("tone.mp3");
        assertThat(http.request("/media").header("Content-Type", "audio/mpeg").post(audio).statusCode(), is(401));
        assertThat(http.request("/media").bearer(issuer.token("fan", "listener")).header("Content-Type", "audio/mpeg")
                           .post(audio).statusCode(), is(403));
        assertThat(http.request("/media").bearer(issuer.token("cur", "curator")).header("Content-Type", "audio/mpeg")
                           .post(audio).statusCode(), is(201));
    }

    @Test
    void emptyBodyIsABadRequest() {
        HttpResponse<byte[]> response = upload("artist-empty", "audio/mpeg", new byte[0]);
        assertThat(response.statusCode(), is(400));
        assertThat(response.headers().firstValue("Content-Type").orElseThrow(), startsWith("application/problem+json"));
    }

    @Test
    void nonAudioIsUnsupported() throws Exception {
        assertThat(upload("artist-415", "text/plain", fixture("tone.mp3")).statusCode(), is(415));
        assertThat(upload("artist-415", "audio/x-ms-wma", fixture("tone.mp3")).statusCode(), is(415));
        // a type that claims nothing: the bytes decide, and they are no audio taken here
        assertThat(upload("artist-415", "application/octet-stream", "just some text, not audio".repeat(100)
                .getBytes()).statusCode(), is(415));
        assertThat(stagingFiles(), is(empty()));
    }

    @Test
    void refusesAudioWithoutACompleteFrameAsUnprocessableNamingTheFieldAndKeepsNothing() throws Exception {
        long records = countRecords();
        long blobs = storedBlobs().count();
        byte[] cutMp3 = Arrays.copyOf(fixture("tone.mp3"), 417); // its ID3 tag, Info frame and part of one frame
        byte[] noise = new byte[24_000];
        new java.util.Random(417).nextBytes(noise);

        HttpResponse<byte[]> cut = upload("artist-422", "audio/mpeg", cutMp3);
        assertUnprocessable(cut, "body", "no complete audio frame");
        assertUnprocessable(upload("artist-422", "audio/mpeg", noise), "body", "sent as audio/mpeg");
        assertUnprocessable(upload("artist-422", "audio/mpeg", "just some text, not audio".repeat(100).getBytes()),
                            "body", "not MP3");
        String boundary = "cutBoundary";
        byte[] form = concat(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.mp3\"\r\n"
                              + "Content-Type: audio/mpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8), cutMp3,
                             ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        assertUnprocessable(http.request("/media").bearer(issuer.token("artist-422", "artist"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).post(form), "file",
                "no complete audio frame");

        assertThat("no record", countRecords(), is(records));
        assertThat("no stored file", storedBlobs().count(), is(blobs));
        assertThat("no half-written file", stagingFiles(), is(empty()));
        // the whole file, by contrast, is audio
        assertThat(upload("artist-422", "audio/mpeg", fixture("tone.mp3")).statusCode(), is(201));
    }

    private static void assertUnprocessable(HttpResponse<byte[]> response, String field, String detail) {
        assertThat(text(response), response.statusCode(), is(422));
        assertThat(header(response, "Content-Type"), startsWith("application/problem+json"));
        JsonObject problem = json(response);
        assertThat(problem.getInt("status"), is(422));
        assertThat(problem.getString("title"), is("Unprocessable Content"));
        assertThat(problem.getString("field"), is(field));
        assertThat(problem.getString("detail"), containsString(detail));
    }

    @Test
    void contentTypeContradictingTheBytesIsUnsupported() throws Exception {
        HttpResponse<byte[]> response = upload("artist-415b", "audio/flac", fixture("tone.mp3"));
        assertThat(response.statusCode(), is(415));
        assertThat(text(response), containsString("MP3"));
    }

    @Test
    void truncatedAudioIsUnprocessable() throws Exception {
        assertThat(upload("artist-cut", "audio/flac", Arrays.copyOf(fixture("tone.flac"), 30)).statusCode(), is(422));
        // the metadata blocks whole, the first frame cut
        assertThat(upload("artist-cut", "audio/flac", Arrays.copyOf(fixture("tone.flac"), 8_400)).statusCode(), is(422));
        assertThat(upload("artist-cut", "audio/ogg", Arrays.copyOf(fixture("tone.ogg"), 3_991)).statusCode(), is(422));
    }

    @Test
    void uploadBeyondTheLimitIsTooLarge() {
        byte[] big = new byte[(int) LIMIT + 1];
        assertThat(upload("artist-413", "audio/mpeg", big).statusCode(), is(413));
        // Without Content-Length (chunked) the limit is enforced while reading.
        HttpResponse<byte[]> chunked = http.request("/media").bearer(issuer.token("artist-413", "artist"))
                .header("Content-Type", "audio/mpeg")
                .send("POST", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        assertThat(chunked.statusCode(), is(413));
        awaitTrue("no staging file left", () -> stagingFiles().isEmpty());
    }

    @Test
    void uploadCutOffMidStreamLeavesNoFileAndNoRecord() throws Exception {
        long records = countRecords();
        long blobs = storedBlobs().count();
        byte[] audio = fixture("tone.flac");
        URI uri = target.getUri();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /media HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                       + issuer.token("artist-cut", "artist") + "\r\nContent-Type: audio/flac\r\nContent-Length: "
                       + audio.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(audio, 0, audio.length / 2);
            out.flush();
            awaitTrue("the upload is being staged", () -> !stagingFiles().isEmpty());
        }
        awaitTrue("the staging file is removed", () -> stagingFiles().isEmpty());
        assertThat(storedBlobs().count(), is(blobs));
        assertThat(countRecords(), is(records));
    }

    // ---- delivery ----

    @Test
    void streamsTheWholeFileWithValidatorsAndCacheHeaders() throws Exception {
        byte[] audio = fixture("tone.mp3");
        String url = streamPath(json(upload("artist-stream", "audio/mpeg", audio)));
        HttpResponse<byte[]> response = http.request(url).header("Accept-Encoding", "gzip, br").get();
        assertThat(response.statusCode(), is(200));
        assertArrayEquals(audio, response.body());
        assertThat(header(response, "Content-Length"), is(String.valueOf(audio.length)));
        assertThat(header(response, "Content-Type"), is("audio/mpeg"));
        assertThat(header(response, "Accept-Ranges"), is("bytes"));
        assertThat(header(response, "ETag"), is("\"" + sha256(audio) + "\""));
        // IMF-fixdate (two-digit day), what caches compare validators in
        assertThat(header(response, "Last-Modified"), matchesPattern(IMF_FIXDATE));
        assertThat(header(response, "Date"), matchesPattern(IMF_FIXDATE));
        assertThat(header(response, "Cache-Control"), is("public, max-age=31536000, immutable"));
        assertThat(header(response, "Content-Encoding"), nullValue());
        assertThat(header(response, "Set-Cookie"), nullValue());
        assertThat(header(response, "Transfer-Encoding"), nullValue());
    }

    @Test
    void returnsPartialContentForClosedOpenAndSuffixRanges() throws Exception {
        byte[] audio = fixture("tone.mp3");
        String url = streamPath(json(upload("artist-ranges", "audio/mpeg", audio)));
        int size = audio.length;
        assertPartial(http.request(url).header("Range", "bytes=0-99").get(), audio, 0, 99);
        assertPartial(http.request(url).header("Range", "bytes=100-").get(), audio, 100, size - 1);
        assertPartial(http.request(url).header("Range", "bytes=-500").get(), audio, size - 500, size - 1);
        assertPartial(http.request(url).header("Range", "bytes=" + (size - 10) + "-999999999").get(), audio,
                      size - 10, size - 1);
    }

    @Test
    void returnsMultipartByterangesForSeveralRanges() throws Exception {
        byte[] audio = fixture("tone.mp3");
        String url = streamPath(json(upload("artist-multi", "audio/mpeg", audio)));
        HttpResponse<byte[]> response = http.request(url).header("Range", "bytes=0-9,100-199,-5").get();
        assertThat(response.statusCode(), is(206));
        String type = header(response, "Content-Type");
        assertThat(type, startsWith("multipart/byteranges; boundary="));
        assertThat(header(response, "Content-Length"), is(String.valueOf(response.body().length)));
        assertThat(header(response, "Content-Range"), nullValue());
        List<byte[]> parts = parts(response.body(), type.substring(type.indexOf("boundary=") + 9), audio.length,
                                   List.of("bytes 0-9/", "bytes 100-199/", "bytes " + (audio.length - 5) + "-"));
        assertArrayEquals(Arrays.copyOfRange(audio, 0, 10), parts.get(0));
        assertArrayEquals(Arrays.copyOfRange(audio, 100, 200), parts.get(1));
        assertArrayEquals(Arrays.copyOfRange(audio, audio.length - 5, audio.length), parts.get(2));
    }

    @Test
    void unsatisfiableRangeIs416WithTheSize() throws Exception {
        byte[] audio = fixture("tone.mp3");
        String url = streamPath(json(upload("artist-416", "audio/mpeg", audio)));
        HttpResponse<byte[]> response = http.request(url).header("Range", "bytes=" + audio.length + "-").get();
        assertThat(response.statusCode(), is(416));
        assertThat(header(response, "Content-Range"), is("bytes */" + audio.length));
    }

    @Test
    void malformedTooManyAndOverlappingRangesGetTheWholeFile() throws Exception {
        byte[] audio = fixture("tone.mp3");
        String url = streamPath(json(upload("artist-200", "audio/mpeg", audio)));
        for (String range : List.of("bytes=abc", "bytes=9-1", "pages=1-2", "bytes=" + "0-0,".repeat(20) + "1-1",
                                    "bytes=0-,0-,0-")) {
            HttpResponse<byte[]> response = http.request(url).header("Range", range).get();
            assertThat(range, response.statusCode(), is(200));
            assertArrayEquals(audio, response.body());
        }
    }

    @Test
    void ifRangeKeepsTheRangeOnlyForTheCurrentRepresentation() throws Exception {
        byte[] audio = fixture("tone.mp3");
        String url = streamPath(json(upload("artist-ifrange", "audio/mpeg", audio)));
        HttpResponse<byte[]> plain = http.request(url).head();
        String etag = header(plain, "ETag");
        String lastModified = header(plain, "Last-Modified");
        assertThat(http.request(url).header("Range", "bytes=0-9").header("If-Range", etag).get().statusCode(), is(206));
        assertThat(http.request(url).header("Range", "bytes=0-9").header("If-Range", lastModified).get().statusCode(),
                   is(206));
        assertThat(http.request(url).header("Range", "bytes=0-9").header("If-Range", "\"old\"").get().statusCode(),
                   is(200));
        assertThat(http.request(url).header("Range", "bytes=0-9")
                           .header("If-Range", "Thu, 01 Jan 2015 00:00:00 GMT").get().statusCode(), is(200));
    }

    @Test
    void conditionalRequestsAreNotModified() throws Exception {
        byte[] audio = fixture("tone.mp3");
        String url = streamPath(json(upload("artist-304", "audio/mpeg", audio)));
        HttpResponse<byte[]> plain = http.request(url).head();
        HttpResponse<byte[]> byEtag = http.request(url).header("If-None-Match", header(plain, "ETag")).get();
        assertThat(byEtag.statusCode(), is(304));
        assertThat(byEtag.body().length, is(0));
        assertThat(header(byEtag, "ETag"), is(header(plain, "ETag")));
        assertThat(header(byEtag, "Cache-Control"), is("public, max-age=31536000, immutable"));
        assertThat(http.request(url).header("If-Modified-Since", header(plain, "Last-Modified")).get().statusCode(),
                   is(304));
        assertThat(http.request(url).header("If-None-Match", "\"other\"").get().statusCode(), is(200));
        assertThat(http.request(url).header("If-Match", "\"other\"").get().statusCode(), is(412));
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        byte[] audio = fixture("tone.mp3");
        String url = streamPath(json(upload("artist-head", "audio/mpeg", audio)));
        HttpResponse<byte[]> head = http.request(url).head();
        assertThat(head.statusCode(), is(200));
        assertThat(head.body().length, is(0));
        assertThat(header(head, "Content-Length"), is(String.valueOf(audio.length)));
        assertThat(header(head, "Accept-Ranges"), is("bytes"));
        HttpResponse<byte[]> ranged = http.request(url).header("Range", "bytes=10-19").head();
        assertThat(ranged.statusCode(), is(206));
        assertThat(header(ranged, "Content-Length"), is("10"));
        assertThat(header(ranged, "Content-Range"), is("bytes 10-19/" + audio.length));
    }

    @Test
    void aStreamUrlAnswersOtherMethodsWith405AndSaysWhichItAllows() throws Exception {
        String url = streamPath(json(upload("artist-methods", "audio/mpeg", fixture("tone.mp3"))));
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            HttpResponse<byte[]> refused = http.request(url).send(method, HttpRequest.BodyPublishers.noBody());
            assertThat(method, refused.statusCode(), is(405));
            assertThat(method, header(refused, "Allow"), is("GET, HEAD, OPTIONS"));
            assertThat(method, header(refused, "Content-Type"), is("application/problem+json"));
        }
        HttpResponse<byte[]> options = http.request(url).send("OPTIONS", HttpRequest.BodyPublishers.noBody());
        assertThat(options.statusCode(), is(204));
        assertThat(header(options, "Allow"), is("GET, HEAD, OPTIONS"));
        assertThat("the file is still served", http.request(url).get().statusCode(), is(200));
    }

    @Test
    void unknownStreamIsNotFound() {
        assertThat(http.request("/stream/" + "0".repeat(64) + ".mp3").get().statusCode(), is(404));
        assertThat(http.request("/stream/..%2F..%2Fetc%2Fpasswd").get().statusCode(), is(404));
        assertThat(http.request("/stream/" + "0".repeat(64) + ".exe").get().statusCode(), is(404));
    }

    // ---- delete, purge, events ----

    @Test
    void deleteByTheUploaderRemovesTheBytesPurgesTheCdnAndPublishesEvents() throws Exception {
        byte[] audio = uniqueWav("artist-del");
        try (KafkaConsumer<String, String> consumer = consumer()) {
            JsonObject media = json(upload("artist-del", "audio/wav", audio));
            String id = media.getString("id");
            String path = streamPath(media);
            assertThat(http.request("/media/" + id).bearer(issuer.token("someone-else", "artist")).delete().statusCode(),
                       is(403));
            assertThat(http.request("/media/" + id).delete().statusCode(), is(401));
            assertThat(http.request("/media/" + id).bearer(issuer.token("artist-del", "artist")).delete().statusCode(),
                       is(204));
            assertThat(http.request("/media/" + id).get().statusCode(), is(404));
            assertThat(http.request(path).get().statusCode(), is(404));

            awaitTrue("the purge call", () -> !CLOUDFLARE.calls().isEmpty());
            RecordingCloudflare.Call call = CLOUDFLARE.calls().getFirst();
            assertThat(call.method(), is("POST"));
            assertThat(call.path(), is("/client/v4/zones/zone-123/purge_cache"));
            assertThat(call.authorization(), is("Bearer cf-token-abc"));
            assertThat(call.contentType(), startsWith("application/json"));
            assertThat(Json.createReader(new java.io.StringReader(call.body())).readObject(),
                       is(Json.createObjectBuilder().add("files", Json.createArrayBuilder()
                               .add(PUBLIC_BASE + "/media/" + id)
                               .add(PUBLIC_BASE + path)).build()));

            List<JsonObject> events = events(consumer, id, 2);
            assertThat(events.get(0).getString("kind"), is("UPLOADED"));
            assertThat(events.get(0).getString("sha256"), is(sha256(audio)));
            assertThat(events.get(0).getJsonNumber("durationMs").longValue(), allOf(greaterThan(2_950L), lessThan(3_100L)));
            assertThat(events.get(0).getString("contentType"), is("audio/wav"));
            assertThat(events.get(0).getString("ownerId"), is("artist-del"));
            assertThat(events.get(1).getString("kind"), is("DELETED"));
        }
    }

    @Test
    void adminDeletesAnyonesMediaAndSharedBytesStay() throws Exception {
        byte[] audio = fixture("tone.m4a");
        JsonObject mine = json(upload("artist-share-1", "audio/mp4", audio));
        json(upload("artist-share-2", "audio/mp4", audio));
        assertThat(http.request("/media/" + mine.getString("id")).bearer(issuer.token("boss", "admin")).delete()
                           .statusCode(), is(204));
        assertThat("another upload still uses the bytes", http.request(streamPath(mine)).get().statusCode(), is(200));
        awaitTrue("the purge call", () -> !CLOUDFLARE.calls().isEmpty());
        assertThat(CLOUDFLARE.calls().getFirst().body(), not(containsString("/stream/")));
    }

    @Test
    void purgeIsRetriedOnRateLimitsAndServerErrorsAndFailuresAreCounted() throws Exception {
        CLOUDFLARE.answerNext(429, 503);
        deleteFreshUpload("artist-retry");
        awaitTrue("three attempts", () -> CLOUDFLARE.calls().size() == 3);

        CLOUDFLARE.reset();
        CLOUDFLARE.answerNext(500, 500, 500);
        double failedBefore = metric("encore_media_cdn_purges_total{outcome=\"failed\"");
        deleteFreshUpload("artist-fail");
        awaitTrue("the failure is counted", () -> metric("encore_media_cdn_purges_total{outcome=\"failed\"")
                                                  == failedBefore + 1);
        assertThat(CLOUDFLARE.calls().size(), is(3));

        CLOUDFLARE.reset();
        CLOUDFLARE.answerNext(403);
        deleteFreshUpload("artist-denied");
        awaitTrue("one attempt", () -> CLOUDFLARE.calls().size() == 1);
        Thread.sleep(300);
        assertThat("a refused token is not retried", CLOUDFLARE.calls().size(), is(1));
    }

    @Test
    void eventsWaitInTheOutboxWhileKafkaIsDownAndArriveInOrderLater(BackingServers servers) throws Exception {
        byte[] audio = uniqueWav("artist-outage");
        String id;
        double deferred = metric("encore_media_events_total{outcome=\"deferred\"");
        servers.kafka().stop();
        try {
            long started = System.nanoTime();
            HttpResponse<byte[]> uploaded = upload("artist-outage", "audio/wav", audio);
            assertThat(uploaded.statusCode(), is(201));
            // Waiting for a broker that is down costs at least the producer's 5 s max.block.ms; an upload that
            // only writes the outbox is done well within that, even on a loaded machine.
            assertThat("the upload does not wait for Kafka", Duration.ofNanos(System.nanoTime() - started),
                       lessThan(Duration.ofMillis(4_500)));
            id = json(uploaded).getString("id");
            assertThat(http.request("/media/" + id).bearer(issuer.token("artist-outage", "artist")).delete().statusCode(),
                       is(204));
            awaitTrue("a send that failed and was kept for later",
                      () -> metric("encore_media_events_total{outcome=\"deferred\"") > deferred);
        } finally {
            servers.kafka().start();
        }
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<JsonObject> events = events(consumer, id, 2, Duration.ofSeconds(90));
            assertThat(events.get(0).getString("kind"), is("UPLOADED"));
            assertThat(events.get(1).getString("kind"), is("DELETED"));
        }
    }

    // ---- helpers ----

    private void deleteFreshUpload(String owner) throws Exception {
        byte[] audio = uniqueWav(owner);
        String id = json(upload(owner, "audio/wav", audio)).getString("id");
        assertThat(http.request("/media/" + id).bearer(issuer.token(owner, "artist")).delete().statusCode(), is(204));
    }

    /** Bytes no other test uploads: the WAV fixture with its last samples replaced by the salt. */
    private static byte[] uniqueWav(String salt) throws Exception {
        byte[] audio = fixture("tone.wav").clone();
        byte[] bytes = salt.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, audio, audio.length - bytes.length, bytes.length);
        return audio;
    }

    private double metric(String prefix) {
        String metrics = new String(http.request("/metrics").header("Accept", "text/plain").get().body(),
                                    StandardCharsets.UTF_8);
        // Prometheus lines look like: name{mp_scope="application",outcome="failed",} 1.0
        String name = prefix.substring(0, prefix.indexOf('{'));
        String label = prefix.substring(prefix.indexOf('{') + 1);
        return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    private HttpResponse<byte[]> upload(String owner, String contentType, byte[] body) {
        return http.request("/media").bearer(issuer.token(owner, "artist")).header("Content-Type", contentType).post(body);
    }

    private static String streamPath(JsonObject media) {
        return URI.create(media.getString("streamUrl")).getRawPath();
    }

    private static void assertPartial(HttpResponse<byte[]> response, byte[] audio, int first, int last) {
        assertThat(response.statusCode(), is(206));
        assertThat(header(response, "Content-Range"), is("bytes " + first + "-" + last + "/" + audio.length));
        assertThat(header(response, "Content-Length"), is(String.valueOf(last - first + 1)));
        assertThat(header(response, "Content-Type"), is("audio/mpeg"));
        assertArrayEquals(Arrays.copyOfRange(audio, first, last + 1), response.body());
    }

    /** Splits a multipart/byteranges body, checking each part's headers. */
    private static List<byte[]> parts(byte[] body, String boundary, long size, List<String> contentRanges) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "\r\n--" + boundary;
        List<byte[]> parts = new ArrayList<>();
        int at = text.indexOf(delimiter);
        for (String expectedRange : contentRanges) {
            int headersEnd = text.indexOf("\r\n\r\n", at);
            String headers = text.substring(at + delimiter.length(), headersEnd);
            assertThat(headers, containsString("Content-Type: audio/mpeg"));
            assertThat(headers, containsString("Content-Range: " + expectedRange));
            assertThat(headers, containsString("/" + size));
            int next = text.indexOf(delimiter, headersEnd + 4);
            parts.add(Arrays.copyOfRange(body, headersEnd + 4, next));
            at = next;
        }
        assertThat(text.substring(at), is(delimiter + "--\r\n"));
        return parts;
    }

    private KafkaConsumer<String, String> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BackingServers.shared().kafka().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "media-it-" + System.nanoTime());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                                                                     new StringDeserializer());
        consumer.subscribe(List.of(Topics.MEDIA_EVENTS));
        return consumer;
    }

    private static List<JsonObject> events(KafkaConsumer<String, String> consumer, String mediaId, int count) {
        return events(consumer, mediaId, count, Duration.ofSeconds(30));
    }

    private static List<JsonObject> events(KafkaConsumer<String, String> consumer, String mediaId, int count,
                                           Duration patience) {
        List<JsonObject> found = new ArrayList<>();
        Instant deadline = Instant.now().plus(patience);
        while (found.size() < count && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                if (mediaId.equals(record.key())) {
                    found.add(Json.createReader(new java.io.StringReader(record.value())).readObject());
                }
            }
        }
        assertThat("events for " + mediaId, found.size(), is(count));
        return found;
    }

    private long countRecords() {
        return database.getCollection("media").countDocuments();
    }

    private static Stream<Path> storedBlobs() throws IOException {
        try (Stream<Path> files = Files.walk(STORAGE)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString()
                    .equals(".staging")).toList().stream();
        }
    }

    private static List<Path> stagingFiles() {
        if (!Files.isDirectory(STORAGE.resolve(".staging"))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(STORAGE.resolve(".staging"))) {
            return files.toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static JsonObject json(HttpResponse<byte[]> response) {
        return Json.createReader(new ByteArrayInputStream(response.body())).readObject();
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static byte[] fixture(String name) throws IOException, URISyntaxException {
        return Files.readAllBytes(Path.of(MediaApiIT.class.getResource("/audio/" + name).toURI()));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] concat(byte[]... arrays) {
        int length = 0;
        for (byte[] array : arrays) {
            length += array.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] array : arrays) {
            System.arraycopy(array, 0, all, at, array.length);
            at += array.length;
        }
        return all;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("media-it-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
