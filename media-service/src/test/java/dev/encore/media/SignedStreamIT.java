package dev.encore.media;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;

import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import dev.encore.media.support.Http;
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
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * With signing on, stream URLs carry a Cloudflare-style timed HMAC and the origin refuses requests without a valid one.
 * The ttl is 5 s here so expiry can be observed for real (issued is whole seconds, so a URL lives 4 to 5 s).
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "media.signing.enabled", value = "true")
@AddConfig(key = "media.signing.secret", value = "it-secret-it-secret-it-secret-it-secret")
@AddConfig(key = "media.signing.ttl", value = "PT5S")
@AddConfig(key = "media.storage.root", value = "target/signed-it-storage")
@AddConfig(key = "media.public-base-url", value = "")
@AddConfig(key = "media.cdn.zone-id", value = "")
class SignedStreamIT {

    @Inject
    WebTarget target;

    private final TestTokenIssuer issuer = TestTokenIssuer.shared();

    @Test
    void validSignatureServesExpiredForgedMissingAndMisplacedAreForbidden() throws Exception {
        Http http = new Http(target.getUri());
        byte[] audio = MediaApiIT.fixture("tone.mp3");
        HttpResponse<byte[]> uploaded = http.request("/media").bearer(issuer.token("artist-signed", "artist"))
                .header("Content-Type", "audio/mpeg").post(audio);
        assertThat(new String(uploaded.body()), uploaded.statusCode(), is(201));
        JsonObject media = Json.createReader(new ByteArrayInputStream(uploaded.body())).readObject();
        URI signed = URI.create(media.getString("streamUrl"));
        assertThat(signed.getRawQuery(), matchesPattern("verify=\\d{10}-[A-Za-z0-9%]+"));
        String path = signed.getRawPath();
        String query = signed.getRawQuery();

        HttpResponse<byte[]> ok = http.request(path + "?" + query).header("Range", "bytes=0-9").get();
        assertThat(ok.statusCode(), is(206));
        assertArrayEquals(java.util.Arrays.copyOf(audio, 10), ok.body());
        assertThat(http.request(path + "?" + query).head().statusCode(), is(200));

        assertThat("missing", http.request(path).get().statusCode(), is(403));
        assertThat("not last", http.request(path + "?" + query + "&x=1").get().statusCode(), is(403));
        String forged = query.substring(0, query.indexOf('-') + 1) + "AAAA" + query.substring(query.indexOf('-') + 5);
        HttpResponse<byte[]> refused = http.request(path + "?" + forged).get();
        assertThat("forged", refused.statusCode(), is(403));
        assertThat(refused.headers().firstValue("Cache-Control").orElseThrow(), is("no-store"));
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow(), is("application/problem+json"));

        Thread.sleep(5_100);
        assertThat("expired", http.request(path + "?" + query).get().statusCode(), is(403));
        // GET /media/{id} signs afresh each time
        HttpResponse<byte[]> again = http.request("/media/" + media.getString("id")).get();
        String fresh = Json.createReader(new ByteArrayInputStream(again.body())).readObject().getString("streamUrl");
        assertThat(http.request(URI.create(fresh).getRawPath() + "?" + URI.create(fresh).getRawQuery()).get()
                           .statusCode(), is(200));
    }
}
