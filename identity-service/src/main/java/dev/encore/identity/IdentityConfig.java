package dev.encore.identity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every setting of identity-service in one place. Defaults live in {@code META-INF/microprofile-config.properties}
 * (and, for the shared {@code jwt.*} keys, in service-support's); the README's configuration table lists them all.
 */
@ApplicationScoped
public class IdentityConfig {

    @Inject
    @ConfigProperty(name = "encore.profile")
    String profile;

    @Inject
    @ConfigProperty(name = "encore.data-dir")
    Path dataDirectory;

    @Inject
    @ConfigProperty(name = "jwt.issuer")
    String issuer;

    @Inject
    @ConfigProperty(name = "jwt.audience")
    String audience;

    @Inject
    @ConfigProperty(name = "identity.public-url")
    Optional<String> publicUrl;

    @Inject
    @ConfigProperty(name = "identity.access-token.ttl")
    Duration accessTokenTtl;

    @Inject
    @ConfigProperty(name = "identity.refresh-token.ttl")
    Duration refreshTokenTtl;

    @Inject
    @ConfigProperty(name = "identity.refresh-token.reuse-grace")
    Duration refreshReuseGrace;

    @Inject
    @ConfigProperty(name = "identity.keys.signing-key-file")
    Optional<Path> signingKeyFile;

    @Inject
    @ConfigProperty(name = "identity.keys.signing-key")
    Optional<String> signingKeyPem;

    @Inject
    @ConfigProperty(name = "identity.keys.verify-key-files")
    Optional<String> verifyKeyFiles;

    @Inject
    @ConfigProperty(name = "identity.keys.reload-interval")
    Duration keyReloadInterval;

    @Inject
    @ConfigProperty(name = "identity.keys.rotation-interval")
    Duration keyRotationInterval;

    @Inject
    @ConfigProperty(name = "identity.keys.clock-skew")
    Duration clockSkew;

    @Inject
    @ConfigProperty(name = "identity.password.argon2.memory-kib")
    int argon2MemoryKib;

    @Inject
    @ConfigProperty(name = "identity.password.argon2.iterations")
    int argon2Iterations;

    @Inject
    @ConfigProperty(name = "identity.password.argon2.parallelism")
    int argon2Parallelism;

    @Inject
    @ConfigProperty(name = "identity.password.max-concurrent-hashes")
    int maxConcurrentHashes;

    @Inject
    @ConfigProperty(name = "identity.login.account-threshold")
    int accountFailureThreshold;

    @Inject
    @ConfigProperty(name = "identity.login.ip-threshold")
    int ipFailureThreshold;

    @Inject
    @ConfigProperty(name = "identity.login.failure-window")
    Duration failureWindow;

    @Inject
    @ConfigProperty(name = "identity.login.lockout-base")
    Duration lockoutBase;

    @Inject
    @ConfigProperty(name = "identity.login.lockout-max")
    Duration lockoutMax;

    @Inject
    @ConfigProperty(name = "identity.login.client-ip-header")
    Optional<String> clientIpHeader;

    @Inject
    @ConfigProperty(name = "identity.bootstrap.admin-email")
    Optional<String> bootstrapAdminEmail;

    @Inject
    @ConfigProperty(name = "identity.bootstrap.admin-password")
    Optional<String> bootstrapAdminPassword;

    /** The local stack's profile: generated keys and demo accounts. Never set in a production deployment. */
    public boolean localProfile() {
        return "local".equalsIgnoreCase(profile.trim());
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    /** Where clients reach this service; the issuer unless the two differ (for example behind an ingress). */
    public String publicUrl() {
        String url = publicUrl.filter(value -> !value.isBlank()).orElse(issuer);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public Duration accessTokenTtl() {
        return accessTokenTtl;
    }

    public Duration refreshTokenTtl() {
        return refreshTokenTtl;
    }

    public Duration refreshReuseGrace() {
        return refreshReuseGrace;
    }

    public Optional<Path> signingKeyFile() {
        return signingKeyFile;
    }

    public Optional<String> signingKeyPem() {
        return signingKeyPem.filter(value -> !value.isBlank());
    }

    public List<Path> verifyKeyFiles() {
        return verifyKeyFiles.stream()
                .flatMap(list -> Arrays.stream(list.split(",")))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .map(Path::of)
                .toList();
    }

    public Duration keyReloadInterval() {
        return keyReloadInterval;
    }

    public Duration keyRotationInterval() {
        return keyRotationInterval;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    public int argon2MemoryKib() {
        return argon2MemoryKib;
    }

    public int argon2Iterations() {
        return argon2Iterations;
    }

    public int argon2Parallelism() {
        return argon2Parallelism;
    }

    public int maxConcurrentHashes() {
        return maxConcurrentHashes;
    }

    public int accountFailureThreshold() {
        return accountFailureThreshold;
    }

    public int ipFailureThreshold() {
        return ipFailureThreshold;
    }

    public Duration failureWindow() {
        return failureWindow;
    }

    public Duration lockoutBase() {
        return lockoutBase;
    }

    public Duration lockoutMax() {
        return lockoutMax;
    }

    public Optional<String> clientIpHeader() {
        return clientIpHeader.filter(value -> !value.isBlank());
    }

    public Optional<String> bootstrapAdminEmail() {
        return bootstrapAdminEmail.filter(value -> !value.isBlank());
    }

    public Optional<String> bootstrapAdminPassword() {
        return bootstrapAdminPassword.filter(value -> !value.isBlank());
    }
}
