package dev.encore.support.security;

import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A verified access token, seen through the MicroProfile JWT {@link JsonWebToken} interface, so resources use the
 * standard API ({@code getSubject()}, {@code getGroups()}, {@code getClaim(...)}) whatever verified it.
 * Claim types follow the MP JWT 2.1 spec: times are {@code Long} seconds, {@code aud} and {@code groups} are sets.
 */
public final class AccessToken implements JsonWebToken {

    private final String rawToken;
    private final Map<String, Object> claims;

    AccessToken(String rawToken, JWTClaimsSet claims) {
        this.rawToken = rawToken;
        this.claims = claims.getClaims();
    }

    /** The user id ({@code sub}); what every service stores as an owner or author. */
    @Override
    public String getSubject() {
        return (String) claims.get(Claims.sub.name());
    }

    /** {@code upn}, else {@code preferred_username}, else {@code sub}, as MP JWT defines the principal name. */
    @Override
    public String getName() {
        for (String claim : List.of(Claims.upn.name(), Claims.preferred_username.name(), Claims.sub.name())) {
            if (claims.get(claim) instanceof String value) {
                return value;
            }
        }
        return null;
    }

    public boolean hasRole(String role) {
        return getGroups().contains(role);
    }

    @Override
    public Set<String> getClaimNames() {
        Set<String> names = new LinkedHashSet<>(claims.keySet());
        names.add(Claims.raw_token.name());
        return names;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String name) {
        Object value = claims.get(name);
        Object converted = switch (name) {
            case "raw_token" -> rawToken;
            case "exp", "iat", "nbf", "auth_time", "updated_at" ->
                    value instanceof Date date ? (Object) (date.getTime() / 1000) : value;
            case "aud", "groups" -> value instanceof Collection<?> values
                    ? Set.copyOf(values.stream().map(String::valueOf).toList())
                    : value == null ? Set.of() : Set.of(String.valueOf(value));
            default -> value;
        };
        return (T) converted;
    }

    /** Parses claims already verified by {@link TokenVerifier}; package-private so nothing else mints one. */
    static AccessToken of(String rawToken, JWTClaimsSet claims) {
        return new AccessToken(rawToken, claims);
    }

    @Override
    public String toString() {
        return "AccessToken[sub=" + getSubject() + ", groups=" + getGroups() + "]"; // never the raw token
    }
}
