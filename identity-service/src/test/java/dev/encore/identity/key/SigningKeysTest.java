package dev.encore.identity.key;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Key material from configuration (PEM) and from the local profile's generated key file. */
class SigningKeysTest {

    @TempDir
    Path directory;

    @Test
    void configuredRsaKeySignsAndVerifyOnlyKeysArePublishedWithoutPrivateParts() throws Exception {
        Path active = pem(directory.resolve("active.pem"), rsa(2048));
        Path previous = pem(directory.resolve("previous.pem"), rsa(2048));
        KeyRing ring = new ConfiguredKeys(Optional.of(active), Optional.empty(), List.of(previous)).load();

        assertThat(ring.algorithm(), is(JWSAlgorithm.RS256));
        assertThat(ring.kid(), is(ring.signing().toPublicJWK().computeThumbprint().toString()));
        List<JWK> published = ring.publicKeys(Instant.now()).getKeys();
        assertThat(published.size(), is(2));
        assertThat(published.stream().anyMatch(JWK::isPrivate), is(false));
        assertThat(published.get(1).getKeyID(), not(ring.kid()));
    }

    @Test
    void configuredEcKeySignsWithEs256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        String text = pemText(generator.generateKeyPair());
        KeyRing ring = new ConfiguredKeys(Optional.empty(), Optional.of(text), List.of()).load();
        assertThat(ring.algorithm(), is(JWSAlgorithm.ES256));
    }

    @Test
    void weakOrMissingKeysAreRefusedWithoutEchoingThem() throws Exception {
        Path weak = pem(directory.resolve("weak.pem"), rsa(1024));
        IllegalStateException tooShort = assertThrows(IllegalStateException.class,
                () -> new ConfiguredKeys(Optional.of(weak), Optional.empty(), List.of()).load());
        assertThat(tooShort.getMessage(), containsString("2048"));

        IllegalStateException garbage = assertThrows(IllegalStateException.class,
                () -> new ConfiguredKeys(Optional.empty(), Optional.of("not a secret key"), List.of()).load());
        assertThat(garbage.getMessage(), not(containsString("not a secret key")));
    }

    @Test
    void generatedKeysSurviveARestartAndRotationKeepsThePreviousKeyUntilItsTokensExpire() throws Exception {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        GeneratedKeys keys = new GeneratedKeys(directory, Duration.ofMinutes(16));
        String first = keys.load(now).kid();
        assertThat(new GeneratedKeys(directory, Duration.ofMinutes(16)).load(now.plusSeconds(5)).kid(), is(first));

        KeyRing rotated = keys.rotate(now.plusSeconds(10));
        assertThat(rotated.kid(), not(first));
        assertThat(rotated.publicKeys(now.plusSeconds(10)).getKeys().stream().map(JWK::getKeyID).toList(),
                   contains(rotated.kid(), first));
        assertThat(rotated.publicKeys(now.plus(Duration.ofMinutes(17))).getKeys().stream().map(JWK::getKeyID).toList(),
                   contains(rotated.kid()));
        String file = Files.readString(directory.resolve("keys").resolve("signing-keys.json"));
        assertThat(file, containsString("\"d\""));
    }

    private static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    private static Path pem(Path file, KeyPair pair) throws Exception {
        return Files.writeString(file, pemText(pair));
    }

    private static String pemText(KeyPair pair) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }
}
