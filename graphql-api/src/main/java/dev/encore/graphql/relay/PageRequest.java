package dev.encore.graphql.relay;

import dev.encore.graphql.error.ApiException;

/** {@code first}/{@code after} checked: {@code first} between 0 and {@value #MAX_FIRST}, default {@value #DEFAULT_FIRST}. */
public record PageRequest(int first, Cursor after) {

    public static final int DEFAULT_FIRST = 20;
    public static final int MAX_FIRST = 100;

    public static PageRequest of(Integer first, String after) {
        int size = first == null ? DEFAULT_FIRST : first;
        if (size < 0 || size > MAX_FIRST) {
            throw ApiException.badInput("first", "first must be between 0 and " + MAX_FIRST + "; it was " + size + ".");
        }
        return new PageRequest(size, Cursor.decode(after));
    }
}
