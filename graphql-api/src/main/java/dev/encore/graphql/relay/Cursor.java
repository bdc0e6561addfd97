package dev.encore.graphql.relay;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.encore.graphql.error.ApiException;

/**
 * A keyset position: the sort key and id of the last item a client saw. Opaque to clients (base64url), so the
 * ordering can change without breaking their contract; a tampered cursor is a {@code BAD_USER_INPUT}, not a 500.
 */
public record Cursor(String sortKey, String id) {

    private static final String VERSION = "v1";
    private static final char SEPARATOR = '\u0000';

    public String encode() {
        String raw = VERSION + SEPARATOR + id + SEPARATOR + sortKey;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The sort key of a cursor over a list in memory or an offset query, where it is the position of the item;
     * {@code BAD_USER_INPUT} when it is not a number (a cursor this API did not issue for that list).
     */
    public int position() {
        try {
            return Integer.parseInt(sortKey);
        } catch (NumberFormatException e) {
            throw notIssued();
        }
    }

    /** The cursor in {@code after}, or {@code null} for the first page. */
    public static Cursor decode(String after) {
        if (after == null || after.isEmpty()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
            String[] parts = raw.split(String.valueOf(SEPARATOR), 3);
            if (parts.length == 3 && VERSION.equals(parts[0]) && !parts[1].isEmpty()) {
                return new Cursor(parts[2], parts[1]);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw notIssued();
    }

    private static ApiException notIssued() {
        return ApiException.badInput("after", "This cursor is not one this API issued.");
    }
}
