package dev.encore.graphql.security;

/** The role names (the token's {@code groups}) this API checks. */
public final class Roles {

    public static final String LISTENER = "listener";
    public static final String ARTIST = "artist";
    public static final String CURATOR = "curator";
    public static final String MODERATOR = "moderator";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
