package dev.encore.identity.login;

import java.time.Duration;
import java.util.Optional;

import dev.encore.identity.account.AccountDocument;
import dev.encore.identity.account.AccountRules;
import dev.encore.identity.account.AccountService;
import dev.encore.identity.refresh.RefreshTokenService;
import dev.encore.identity.token.AccessTokenIssuer;
import dev.encore.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/** Sign-in, refresh and sign-out: credentials in, token pairs out. */
@ApplicationScoped
public class LoginService {

    static final String BAD_CREDENTIALS = "The email or the password is wrong.";

    @Inject
    AccountService accounts;

    @Inject
    LoginThrottle throttle;

    @Inject
    RefreshTokenService refreshTokens;

    @Inject
    AccessTokenIssuer accessTokens;

    @Inject
    MetricRegistry metrics;

    /**
     * A token pair for the right credentials. Locked accounts and addresses get 429 before the password is looked
     * at; an unknown email and a wrong password get the same 401 after the same Argon2 work.
     */
    public TokenPair login(LoginRequest request, String clientAddress) {
        if (request == null) {
            throw ProblemException.of(Response.Status.BAD_REQUEST, "A JSON body with email and password is required.");
        }
        String email = AccountRules.normalizeEmail(required("email", request.email()));
        String password = required("password", request.password());
        Optional<Duration> locked = throttle.lockedFor(email, clientAddress);
        if (locked.isPresent()) {
            count("locked");
            throw new LockedOutException(locked.get());
        }
        Optional<AccountDocument> account = accounts.authenticate(email, password);
        if (account.isEmpty()) {
            count("failed");
            throttle.failed(email, clientAddress);
            throw ProblemException.of(Response.Status.UNAUTHORIZED, BAD_CREDENTIALS);
        }
        count("succeeded");
        throttle.succeeded(email);
        return pair(account.get(), refreshTokens.start(account.get().id()));
    }

    /** A new pair for a refresh token; the access token carries the account's roles as they are now. */
    public TokenPair refresh(RefreshRequest request) {
        RefreshTokenService.Rotation rotation = refreshTokens.rotate(required("refreshToken", token(request)));
        AccountDocument account = accounts.find(rotation.userId())
                .orElseThrow(() -> ProblemException.of(Response.Status.UNAUTHORIZED, "This account no longer exists."));
        return pair(account, rotation.refreshToken());
    }

    public void logout(RefreshRequest request) {
        refreshTokens.revoke(required("refreshToken", token(request)));
    }

    /** Sign-ins by outcome: a rise in {@code failed} or {@code locked} is an attack worth an alert. */
    private void count(String outcome) {
        metrics.counter("encore.identity.logins", new Tag("outcome", outcome)).inc();
    }

    private TokenPair pair(AccountDocument account, String refreshToken) {
        AccessTokenIssuer.AccessToken access = accessTokens.issue(account);
        return new TokenPair(access.value(), refreshToken, "Bearer", access.ttl().toSeconds());
    }

    private static String token(RefreshRequest request) {
        return request == null ? null : request.refreshToken();
    }

    private static String required(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw ProblemException.badField(field, "'" + field + "' is required.");
        }
        return value;
    }
}
