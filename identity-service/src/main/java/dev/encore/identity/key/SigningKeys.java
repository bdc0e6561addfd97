package dev.encore.identity.key;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;

import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.encore.identity.IdentityConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The key store of identity-service: which key signs now, and which public keys the JWKS publishes.
 *
 * <p>Keys come from configuration (PEM) when one is set; otherwise the local profile generates and persists them.
 * A production profile without a configured key refuses to start rather than invent a key that each replica would
 * invent differently.
 */
@ApplicationScoped
public class SigningKeys {

    private static final System.Logger LOG = System.getLogger(SigningKeys.class.getName());

    @Inject
    IdentityConfig config;

    private final Clock clock = Clock.systemUTC();
    private ConfiguredKeys configured;
    private GeneratedKeys generated;
    private volatile KeyRing ring;
    private volatile Instant nextCheck = Instant.MIN;

    @PostConstruct
    void load() {
        configured = new ConfiguredKeys(config.signingKeyFile(), config.signingKeyPem(), config.verifyKeyFiles());
        if (configured.configured()) {
            ring = configured.load();
        } else if (config.localProfile()) {
            // A retired key must verify until the last token it signed expires (plus the clock skew verifiers allow).
            generated = new GeneratedKeys(config.dataDirectory(), config.accessTokenTtl().plus(config.clockSkew()));
            ring = generated.load(clock.instant());
        } else {
            throw new IllegalStateException("No signing key is configured. Set IDENTITY_KEYS_SIGNING_KEY_FILE to a PEM "
                                            + "private key (RSA 2048+ or EC P-256), or IDENTITY_KEYS_SIGNING_KEY to its "
                                            + "text; only the local profile (ENCORE_PROFILE=local) generates keys.");
        }
        nextCheck = clock.instant().plus(config.keyReloadInterval());
        LOG.log(Level.INFO, "signing with key " + ring.kid() + " (" + ring.algorithm() + "), "
                            + ring.verifyOnly().size() + " verify-only key(s)");
    }

    /** Loads the keys at startup, so a missing or broken key stops the service at once with a clear message. */
    void validateAtStartup(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        // Observing the event instantiated this bean, and @PostConstruct loaded the keys.
    }

    /** The keys in force; configured key files are re-read when they changed, generated keys rotate when due. */
    public KeyRing current() {
        Instant now = clock.instant();
        if (now.isAfter(nextCheck)) {
            refresh(now);
        }
        return ring;
    }

    private synchronized void refresh(Instant now) {
        if (!now.isAfter(nextCheck)) {
            return;
        }
        nextCheck = now.plus(config.keyReloadInterval());
        try {
            if (generated != null) {
                Instant issued = ring.signing().getIssueTime().toInstant();
                ring = issued.plus(config.keyRotationInterval()).isBefore(now) ? generated.rotate(now)
                        : generated.load(now);
            } else if (configured.changed()) {
                KeyRing previous = ring;
                ring = configured.load();
                if (!previous.kid().equals(ring.kid())) {
                    LOG.log(Level.INFO, "signing key changed from " + previous.kid() + " to " + ring.kid());
                }
            }
        } catch (RuntimeException e) {
            // Keep signing with the keys we have: a half-written secret must not stop logins.
            LOG.log(Level.WARNING, "reloading the signing keys failed, keeping key " + ring.kid() + ": " + e.getMessage());
        }
    }

    /** Whether {@link #rotate()} can work: only generated keys rotate here; configured ones rotate in configuration. */
    public boolean rotatable() {
        return generated != null;
    }

    /** A new signing key now; the previous one stays in the JWKS, verify-only, until its tokens have expired. */
    public synchronized KeyRing rotate() {
        if (generated == null) {
            throw new IllegalStateException("keys come from configuration");
        }
        KeyRing previous = ring;
        ring = generated.rotate(clock.instant());
        LOG.log(Level.INFO, "rotated signing key " + previous.kid() + " -> " + ring.kid());
        return ring;
    }

    /** The public keys as a nimbus key source: how this service verifies its own tokens without an HTTP round trip. */
    public JWKSource<SecurityContext> verificationSource() {
        return (JWKSelector selector, SecurityContext context) -> selector.select(current().publicKeys(clock.instant()));
    }
}
