package dev.encore.support.events;

import java.time.Instant;
import java.util.List;

/**
 * On {@value Topics#USER_EVENTS}, key {@code userId}: an account was registered, had its roles changed, or was deleted.
 * Carries no email or password material: consumers that need a profile ask identity-service.
 */
public record UserEvent(Kind kind, String userId, String displayName, List<String> roles, Instant at) {

    public enum Kind { REGISTERED, ROLES_CHANGED, DELETED }
}
