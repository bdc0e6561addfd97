package dev.encore.identity.account;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.encore.identity.refresh.RefreshTokenService;
import dev.encore.support.problem.Problem;
import dev.encore.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

/**
 * Account rules: registration, password checks, roles.
 *
 * <p>Methods block on the repository (MongoDB's synchronous driver). Helidon runs each request on a virtual thread,
 * where waiting is cheap, and Argon2 runs on that same thread rather than on a driver callback thread.
 */
@ApplicationScoped
public class AccountService {

    private static final System.Logger LOG = System.getLogger(AccountService.class.getName());

    @Inject
    AccountRepository repository;

    @Inject
    PasswordHasher hasher;

    @Inject
    UserEventPublisher events;

    @Inject
    RefreshTokenService refreshTokens;

    /** A new account with the {@code listener} role; 409 when the email is taken. */
    public AccountDocument register(RegisterRequest request) {
        if (request == null) {
            throw ProblemException.of(Response.Status.BAD_REQUEST, "A JSON body with email, password and displayName "
                                                                   + "is required.");
        }
        String email = AccountRules.validEmail(request.email());
        String password = AccountRules.validPassword(request.password());
        String displayName = AccountRules.validDisplayName(request.displayName());
        return create(email, password, displayName, List.of(Role.LISTENER.id()))
                .orElseThrow(() -> new ProblemException(Problem.ofField(Response.Status.CONFLICT, "email",
                                                                        "An account with this email already exists.")));
    }

    /** Creates an account unless its email is taken; used by registration and by the startup bootstrap. */
    Optional<AccountDocument> create(String email, String password, String displayName, List<String> roles) {
        AccountDocument account = new AccountDocument(UUID.randomUUID().toString(), email, displayName,
                                                      hasher.hash(password), List.copyOf(roles),
                                                      Instant.now().truncatedTo(ChronoUnit.MILLIS));
        if (!repository.insert(account)) {
            return Optional.empty();
        }
        events.registered(account);
        return Optional.of(account);
    }

    /**
     * The account when the password is right. An unknown email costs the same Argon2 work as a wrong password, so
     * timing does not tell them apart. A hash made with older parameters is upgraded on the way.
     */
    public Optional<AccountDocument> authenticate(String email, String password) {
        AccountDocument account = repository.findByEmail(AccountRules.normalizeEmail(email));
        if (account == null) {
            hasher.verifyDecoy(password);
            return Optional.empty();
        }
        if (!hasher.verify(password, account.passwordHash())) {
            return Optional.empty();
        }
        if (hasher.needsRehash(account.passwordHash())) {
            try {
                repository.replacePasswordHash(account.id(), account.passwordHash(), hasher.hash(password));
            } catch (RuntimeException e) {
                // The login itself is valid; the upgrade is retried on the next one.
                LOG.log(Level.WARNING, "password hash upgrade failed for user " + account.id() + ": " + e);
            }
        }
        return Optional.of(account);
    }

    public Optional<AccountDocument> find(String id) {
        return Optional.ofNullable(repository.findById(id));
    }

    /** Replaces the account's roles. An admin cannot drop their own admin role, so the system keeps an admin. */
    public AccountDocument changeRoles(String actorId, String accountId, RolesRequest request) {
        if (request == null || request.roles() == null) {
            throw ProblemException.badField("roles", "'roles' is required: a list such as [\"listener\", \"artist\"].");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String id : request.roles()) {
            roles.add(Role.parse(id).orElseThrow(() -> ProblemException.badField(
                    "roles", "'" + id + "' is not a role; roles are listener, artist, curator, moderator and admin.")));
        }
        if (roles.isEmpty()) {
            throw ProblemException.badField("roles", "'roles' must name at least one role.");
        }
        if (accountId.equals(actorId) && !roles.contains(Role.ADMIN)) {
            throw new ProblemException(Problem.ofField(Response.Status.CONFLICT, "roles",
                                                       "You cannot remove your own admin role."));
        }
        List<String> ids = new ArrayList<>();
        roles.forEach(role -> ids.add(role.id()));
        AccountDocument updated = repository.setRoles(accountId, ids);
        if (updated == null) {
            throw ProblemException.of(Response.Status.NOT_FOUND, "There is no account with this id.");
        }
        events.rolesChanged(updated);
        return updated;
    }

    /**
     * Deletes an account (its owner or an admin may), ends all its sessions and announces it. Access tokens already
     * issued stay valid until they expire; {@code /users/me} answers 404 for them.
     */
    public void delete(String actorId, boolean actorIsAdmin, String accountId) {
        if (!accountId.equals(actorId) && !actorIsAdmin) {
            throw ProblemException.of(Response.Status.FORBIDDEN, "Only the account's owner or an admin may delete it.");
        }
        AccountDocument account = repository.findById(accountId);
        if (account == null || !repository.delete(accountId)) {
            throw ProblemException.of(Response.Status.NOT_FOUND, "There is no account with this id.");
        }
        refreshTokens.endAllSessions(accountId, "account deleted");
        events.deleted(account);
    }
}
