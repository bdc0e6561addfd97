package dev.encore.chat.model;

import java.util.regex.Pattern;

/**
 * Room ids: 1 to 64 characters from {@code A-Z a-z 0-9 . _ -}, which covers live event ids (ObjectIds, UUIDs); not
 * {@code .} or {@code ..}, which a URL path cannot carry as a segment (clients and proxies resolve them away).
 */
public final class RoomId {

    /** The rule as error messages state it. */
    public static final String RULE = "must be 1-64 characters of A-Z a-z 0-9 . _ -, and not . or ..";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RoomId() {
    }

    public static boolean valid(String roomId) {
        return roomId != null && VALID.matcher(roomId).matches() && !roomId.equals(".") && !roomId.equals("..");
    }
}
