package dev.encore.identity.account;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

import dev.encore.identity.IdentityConfig;
import dev.encore.identity.refresh.RefreshTokenRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * First-start setup: indexes, the bootstrap admin from {@code IDENTITY_BOOTSTRAP_ADMIN_EMAIL} and
 * {@code IDENTITY_BOOTSTRAP_ADMIN_PASSWORD} (created when no admin exists; there is no default password), and in the
 * local profile only, the documented demo accounts on an empty database.
 *
 * <p>A MongoDB that is down at startup does not stop the service (readiness reports it): the setup is retried in the
 * background until it succeeds.
 */
@ApplicationScoped
public class AccountBootstrap {

    private static final System.Logger LOG = System.getLogger(AccountBootstrap.class.getName());
    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final Duration FIRST_TRY = Duration.ofSeconds(2);

    /** The contract's "Local stack demo accounts": email, password, display name, role. */
    static final List<List<String>> DEMO_ACCOUNTS = List.of(
            List.of("admin@demo.local", "demo-admin-pass", "Demo Admin", "admin"),
            List.of("curator@demo.local", "demo-curator-pass", "Demo Curator", "curator"),
            List.of("artist@demo.local", "demo-artist-pass", "Demo Artist", "artist"),
            List.of("listener@demo.local", "demo-listener-pass", "Demo Listener", "listener"));

    @Inject
    IdentityConfig config;

    @Inject
    AccountRepository accounts;

    @Inject
    RefreshTokenRepository refreshTokens;

    @Inject
    AccountService service;

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object startup) throws InterruptedException {
        Thread setup = Thread.ofVirtual().name("identity-bootstrap").start(() -> {
            while (!attempt()) {
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        // Startup waits briefly: a reachable MongoDB answers in milliseconds, an unreachable one must not hold it up.
        setup.join(FIRST_TRY);
    }

    private boolean attempt() {
        try {
            accounts.ensureIndexes();
            refreshTokens.ensureIndexes();
            if (config.localProfile() && accounts.isEmpty()) {
                for (List<String> demo : DEMO_ACCOUNTS) {
                    service.create(demo.get(0), demo.get(1), demo.get(2), List.of(demo.get(3)));
                }
                LOG.log(Level.INFO, "local profile: created the demo accounts (admin@demo.local and others, see README)");
            }
            bootstrapAdmin();
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "first-start setup failed, retrying in " + RETRY.toSeconds() + " s: " + e);
            return false;
        }
    }

    private void bootstrapAdmin() {
        if (config.bootstrapAdminEmail().isEmpty() || config.bootstrapAdminPassword().isEmpty()) {
            if (!config.localProfile()) {
                LOG.log(Level.INFO, "no bootstrap admin configured (IDENTITY_BOOTSTRAP_ADMIN_EMAIL/_PASSWORD)");
            }
            return;
        }
        if (accounts.anyWithRole(Role.ADMIN)) {
            return;
        }
        String email = AccountRules.validEmail(config.bootstrapAdminEmail().get());
        String password = AccountRules.validPassword(config.bootstrapAdminPassword().get());
        boolean created = service.create(email, password, "Administrator", List.of(Role.ADMIN.id())).isPresent();
        LOG.log(Level.INFO, created ? "created the bootstrap admin account"
                : "the bootstrap admin email already has an account; no admin was created");
    }
}
