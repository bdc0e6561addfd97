package dev.encore.media.cdn;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.encore.media.cdn.UrlSigner.Verdict;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

class UrlSignerTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private static final String PATH = "/stream/" + "a".repeat(64) + ".mp3";

    private final UrlSigner signer = new UrlSigner(SECRET, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void signsInCloudflareTimedHmacFormat() throws Exception {
        String signed = signer.sign(PATH);
        assertThat(signed, matchesPattern("/stream/a{64}\\.mp3\\?verify=\\d{10}-[A-Za-z0-9%]+"));
        // The MAC is HMAC-SHA256(secret, path + issued), standard base64, percent-encoded: what the WAF recomputes.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal((PATH + NOW.getEpochSecond()).getBytes(StandardCharsets.UTF_8)));
        String token = signed.substring(signed.indexOf("verify=") + 7);
        assertThat(token, is(NOW.getEpochSecond() + "-"
                             + expected.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")));
    }

    @Test
    void acceptsItsOwnTokenWithinTheTtl() {
        assertThat(verify(signer.sign(PATH), NOW.plusSeconds(3599)), is(Verdict.VALID));
    }

    @Test
    void refusesExpiredToken() {
        assertThat(verify(signer.sign(PATH), NOW.plusSeconds(3600)), is(Verdict.EXPIRED));
    }

    @Test
    void refusesTokenForAnotherPath() {
        String signed = signer.sign(PATH);
        String other = signed.replace(".mp3?", ".ogg?");
        assertThat(verify(other, NOW), is(Verdict.FORGED));
    }

    @Test
    void refusesTokenWithAMovedTimestamp() {
        String signed = signer.sign(PATH);
        String later = signed.replace("verify=" + NOW.getEpochSecond(), "verify=" + (NOW.getEpochSecond() + 1000));
        assertThat(verify(later, NOW), is(Verdict.FORGED));
    }

    @Test
    void refusesTokenSignedWithAnotherSecret() {
        UrlSigner other = new UrlSigner("another-secret-another-secret-xx", Duration.ofHours(1),
                                        Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(verify(other.sign(PATH), NOW), is(Verdict.FORGED));
    }

    @Test
    void refusesTokenThatIsNotTheLastParameter() {
        assertThat(verify(signer.sign(PATH) + "&x=1", NOW), is(Verdict.NOT_LAST));
    }

    @Test
    void coversParametersBeforeTheToken() {
        // The edge authenticates everything before "&verify=", so a parameter added in front breaks the MAC.
        String signed = signer.sign(PATH);
        String withParameter = signed.replace("?verify=", "?x=1&verify=");
        assertThat(verify(withParameter, NOW), is(Verdict.FORGED));
    }

    @Test
    void reportsMissingAndMalformedTokens() {
        assertThat(signer.verify(PATH, null), is(Verdict.MISSING));
        assertThat(signer.verify(PATH, "x=1"), is(Verdict.MISSING));
        assertThat(signer.verify(PATH, "verify=abc"), is(Verdict.MALFORMED));
        assertThat(signer.verify(PATH, "verify=1714557600-%%%"), is(Verdict.MALFORMED));
    }

    private Verdict verify(String signedUri, Instant at) {
        UrlSigner checker = new UrlSigner(SECRET, Duration.ofHours(1), Clock.fixed(at, ZoneOffset.UTC));
        int question = signedUri.indexOf('?');
        return checker.verify(signedUri.substring(0, question), signedUri.substring(question + 1));
    }
}
