package dev.encore.media.cdn;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.encore.media.MediaConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signed stream URLs in the exact form Cloudflare's WAF function {@code is_timed_hmac_valid_v0} checks, so the edge
 * can refuse a bad link before it reaches the cache, and this service checks the same token itself in case a request
 * arrives some other way:
 *
 * <pre>{@code /stream/<key>?verify=<issued unix seconds>-<percent-encoded base64 HMAC-SHA256(secret, path + issued)>}</pre>
 *
 * A token is valid while {@code now < issued + ttl}; the WAF rule must use the same secret and ttl (see the README).
 * The token must be the last query parameter: the edge authenticates everything before it, and anything after it
 * would be read as part of the MAC.
 */
@ApplicationScoped
public class UrlSigner {

    private static final System.Logger LOG = System.getLogger(UrlSigner.class.getName());
    private static final String PARAMETER = "verify=";

    public enum Verdict { VALID, MISSING, MALFORMED, NOT_LAST, EXPIRED, FORGED }

    @Inject
    @ConfigProperty(name = "media.signing.enabled")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "media.signing.secret")
    Optional<String> secret;

    @Inject
    @ConfigProperty(name = "media.signing.ttl")
    Duration ttl;

    @Inject
    MediaConfig config;

    Clock clock = Clock.systemUTC();
    private byte[] key;

    UrlSigner() {
    }

    /** For tests: a signer with this secret and lifetime. */
    public UrlSigner(String secret, Duration ttl, Clock clock) {
        this.enabled = true;
        this.ttl = ttl;
        this.clock = clock;
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    @PostConstruct
    void init() {
        if (!enabled) {
            return;
        }
        String configured = secret.map(String::trim).orElse("");
        if (configured.isEmpty() && config.localProfile()) {
            // Local stack only: a throwaway secret, so signing can be tried without setup. Links die with the process.
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            configured = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            LOG.log(System.Logger.Level.WARNING, "media.signing.secret is not set: signing with a random secret "
                                                 + "(local profile); signed URLs stop working on restart");
        }
        if (configured.length() < 32) {
            throw new IllegalStateException("MEDIA_SIGNING_ENABLED is true, so MEDIA_SIGNING_SECRET "
                                            + "(media.signing.secret) must be set to at least 32 characters, the same "
                                            + "secret as in the Cloudflare WAF rule");
        }
        key = configured.getBytes(StandardCharsets.UTF_8);
    }

    public boolean enabled() {
        return enabled;
    }

    /** {@code path} with a fresh token appended; {@code path} itself unchanged when signing is off. */
    public String sign(String path) {
        if (!enabled) {
            return path;
        }
        long issued = clock.instant().getEpochSecond();
        String mac = Base64.getEncoder().encodeToString(mac(path + issued));
        // Percent-encode the three base64 characters that mean something in a query string.
        String encoded = mac.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D");
        return path + "?" + PARAMETER + issued + "-" + encoded;
    }

    /**
     * Checks a request the way the edge does.
     *
     * @param rawPath  the request path as received (percent-encoded)
     * @param rawQuery the query string as received, or {@code null}
     */
    public Verdict verify(String rawPath, String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Verdict.MISSING;
        }
        String uri = rawPath + "?" + rawQuery;
        int at = Math.max(uri.lastIndexOf("?" + PARAMETER), uri.lastIndexOf("&" + PARAMETER));
        if (at < 0) {
            return Verdict.MISSING;
        }
        String message = uri.substring(0, at);
        String token = uri.substring(at + 1 + PARAMETER.length());
        if (token.contains("&")) {
            return Verdict.NOT_LAST;
        }
        int dash = token.indexOf('-');
        if (dash != 10 || !token.substring(0, 10).chars().allMatch(Character::isDigit)) {
            return Verdict.MALFORMED;
        }
        long issued = Long.parseLong(token.substring(0, 10));
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(percentDecode(token.substring(11)));
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        if (!MessageDigest.isEqual(presented, mac(message + issued))) {
            return Verdict.FORGED;
        }
        return clock.instant().getEpochSecond() < issued + ttl.toSeconds() ? Verdict.VALID : Verdict.EXPIRED;
    }

    private byte[] mac(String message) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            return hmac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Percent-escapes only; a literal '+' stays '+', since it is a base64 character here, not a space. */
    private static String percentDecode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                out.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
