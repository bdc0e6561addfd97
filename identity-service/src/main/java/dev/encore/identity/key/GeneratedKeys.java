package dev.encore.identity.key;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * Local-profile keys: generated on first start and kept in {@code <data dir>/keys/signing-keys.json} (a private
 * JWK set, readable by its owner only), so a restart does not invalidate the tokens in circulation.
 *
 * <p>A rotation creates a new signing key and gives the previous one an {@code exp}: the moment the last token it
 * signed expires. Until then it stays in the JWKS, verify-only; after it, it is dropped from the file.
 */
final class GeneratedKeys {

    private final Path file;
    private final Duration retention;

    GeneratedKeys(Path dataDirectory, Duration retention) {
        this.file = dataDirectory.resolve("keys").resolve("signing-keys.json");
        this.retention = retention;
    }

    KeyRing load(Instant now) {
        List<JWK> keys = read();
        if (keys.stream().noneMatch(key -> key.getExpirationTime() == null)) {
            keys.add(generate(now));
            write(keys);
        }
        return ring(keys, now);
    }

    KeyRing rotate(Instant now) {
        List<JWK> keys = new ArrayList<>();
        for (JWK key : read()) {
            keys.add(key.getExpirationTime() != null ? key : retire(key, now.plus(retention)));
        }
        keys.add(generate(now));
        write(keys);
        return ring(keys, now);
    }

    private static KeyRing ring(List<JWK> keys, Instant now) {
        JWK signing = keys.stream()
                .filter(key -> key.getExpirationTime() == null)
                .max(Comparator.comparing(JWK::getIssueTime))
                .orElseThrow();
        List<JWK> verifyOnly = keys.stream()
                .filter(key -> key != signing && key.getExpirationTime().toInstant().isAfter(now))
                .map(JWK::toPublicJWK)
                .toList();
        return KeyRing.of(signing, verifyOnly);
    }

    private static JWK generate(Instant now) {
        try {
            return KeyMaterial.withIdentity(new RSAKeyGenerator(2048).issueTime(Date.from(now)).generate(), "generated");
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate a signing key", e);
        }
    }

    private static JWK retire(JWK key, Instant expiry) {
        try {
            var json = key.toJSONObject();
            json.put("exp", expiry.getEpochSecond());
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<JWK> read() {
        if (!Files.exists(file)) {
            return new ArrayList<>();
        }
        try {
            Instant now = Instant.now();
            List<JWK> keys = new ArrayList<>();
            for (JWK key : JWKSet.load(file.toFile()).getKeys()) {
                // Drop keys whose last token has expired.
                if (key.getExpirationTime() == null || key.getExpirationTime().toInstant().isAfter(now)) {
                    keys.add(key);
                }
            }
            return keys;
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("The key file " + file + " cannot be read; delete it to start afresh "
                                            + "(tokens in circulation will then be refused)", e);
        }
    }

    private void write(List<JWK> keys) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "signing-keys", ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own protection has to do
            }
            Files.writeString(temporary, new JWKSet(keys).toString(false), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the key file " + file, e);
        }
    }
}
