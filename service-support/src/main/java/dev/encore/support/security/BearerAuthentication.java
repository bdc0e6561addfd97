package dev.encore.support.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The rule for an {@code Authorization} header on an HTTP request, shared by {@link BearerTokenFilter} (JAX-RS) and
 * plain Helidon routes that answer without JAX-RS (graphql-api's {@code /graphql}): no header is anonymous; a bearer
 * token that verifies is the caller; anything else present is refused, never anonymous: a 401 for a value that is not
 * a bearer token or does not verify (forged, expired, another issuer or audience), a 503 when the signing keys cannot
 * be fetched (the same token will work once they are back). {@code OPTIONS} requests never get here (see the filter).
 */
@ApplicationScoped
public class BearerAuthentication {

    /** What a client is told to wait before retrying when the keys are unavailable, in seconds. */
    static final String RETRY_AFTER_SECONDS = "5";

    @Inject
    TokenVerifier verifier;

    /**
     * @param authorization the header's value, or {@code null}
     * @return the caller's token ({@code null} for anonymous), or the refusal to answer instead
     */
    public Outcome authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Outcome.ANONYMOUS;
        }
        String value = authorization.trim();
        // HTTP strips trailing whitespace from header values, so "Bearer " arrives as "Bearer".
        if (value.equalsIgnoreCase("Bearer")) {
            return Outcome.unauthorized("The Authorization header names the Bearer scheme but carries no token.");
        }
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Outcome.unauthorized("Only Bearer tokens are accepted in the Authorization header.");
        }
        try {
            return new Outcome(verifier.verify(value.substring(7).trim()), 0, null);
        } catch (InvalidTokenException e) {
            return Outcome.unauthorized(e.reason());
        } catch (KeysUnavailableException e) {
            return new Outcome(null, 503, e.getMessage());
        }
    }

    /**
     * @param token  the verified token, {@code null} when anonymous or refused
     * @param status {@code 0} when the request may go on, else the status to refuse it with (401 or 503)
     * @param detail why it is refused (safe to show: it never echoes the token)
     */
    public record Outcome(AccessToken token, int status, String detail) {

        static final Outcome ANONYMOUS = new Outcome(null, 0, null);

        static Outcome unauthorized(String detail) {
            return new Outcome(null, 401, detail);
        }

        public boolean refused() {
            return status != 0;
        }

        /**
         * The header a refusal carries, as {name, value}: a 401's {@code WWW-Authenticate} challenge (RFC 6750), a
         * 503's {@code Retry-After}; {@code null} when not refused.
         */
        public String[] refusalHeader() {
            return switch (status) {
                case 0 -> null;
                case 401 -> new String[] {"WWW-Authenticate",
                        "Bearer realm=\"encore\", error=\"invalid_token\", error_description=\"" + detail + "\""};
                default -> new String[] {"Retry-After", RETRY_AFTER_SECONDS};
            };
        }
    }
}
