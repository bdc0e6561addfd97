package dev.encore.identity.key;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.jwk.JWK;

/**
 * Production keys: the signing key from {@code identity.keys.signing-key-file} (or the PEM text in
 * {@code identity.keys.signing-key}, for a secret passed as an environment variable), and verify-only keys from
 * {@code identity.keys.verify-key-files}. The files are read again when they change, so a rotated Kubernetes secret
 * takes effect without a restart.
 */
final class ConfiguredKeys {

    private final Optional<Path> signingFile;
    private final Optional<String> signingPem;
    private final List<Path> verifyFiles;
    private List<FileTime> loadedVersions = List.of();

    ConfiguredKeys(Optional<Path> signingFile, Optional<String> signingPem, List<Path> verifyFiles) {
        this.signingFile = signingFile;
        this.signingPem = signingPem;
        this.verifyFiles = verifyFiles;
    }

    boolean configured() {
        return signingFile.isPresent() || signingPem.isPresent();
    }

    /** Whether a key file changed since the last {@link #load()}. */
    boolean changed() {
        return !versions().equals(loadedVersions);
    }

    KeyRing load() {
        List<FileTime> versions = versions();
        JWK signing = signingFile.map(file -> KeyMaterial.fromPemFile(file, "identity.keys.signing-key-file"))
                .orElseGet(() -> KeyMaterial.fromPem(signingPem.orElseThrow(), "identity.keys.signing-key"));
        if (!signing.isPrivate()) {
            throw new IllegalStateException("The signing key holds no private key: a public key can only verify");
        }
        List<JWK> verifyOnly = new ArrayList<>();
        for (Path file : verifyFiles) {
            JWK key = KeyMaterial.fromPemFile(file, "identity.keys.verify-key-files");
            if (!key.getKeyID().equals(signing.getKeyID())) {
                verifyOnly.add(key.toPublicJWK());
            }
        }
        loadedVersions = versions;
        return KeyRing.of(signing, verifyOnly);
    }

    private List<FileTime> versions() {
        List<FileTime> versions = new ArrayList<>();
        signingFile.ifPresent(file -> versions.add(modified(file)));
        verifyFiles.forEach(file -> versions.add(modified(file)));
        return versions;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
