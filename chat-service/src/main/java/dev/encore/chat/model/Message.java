package dev.encore.chat.model;

import java.time.Instant;

/**
 * A chat message as clients see it. {@code id} is the room's sequence number, zero-padded to a fixed width so that
 * comparing ids as strings orders them like numbers.
 */
public record Message(String id, String roomId, String userId, String displayName, String text, Instant ts,
                      String clientId) {

    private static final int ID_WIDTH = 12;

    public static String formatId(long seq) {
        String digits = Long.toString(seq);
        return "0".repeat(Math.max(0, ID_WIDTH - digits.length())) + digits;
    }

    /** The sequence number of a message id, or -1 when it is not one of ours. */
    public static long parseId(String id) {
        if (id == null || id.isEmpty() || id.length() > 19) {
            return -1;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return -1; // 19 digits past Long.MAX_VALUE
        }
    }

    public long seq() {
        return parseId(id);
    }
}
