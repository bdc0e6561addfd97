package dev.encore.identity.account;

import java.util.Locale;
import java.util.Optional;

/** The roles of the contract; their lower-case names are what the {@code groups} claim and the API carry. */
public enum Role {
    LISTENER, ARTIST, CURATOR, MODERATOR, ADMIN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String id) {
        for (Role role : values()) {
            if (role.id().equals(id)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
