package dev.encore.graphql.relay;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a keyset query: the items (at most {@code first}) and whether more follow. Repositories fetch
 * {@code first + 1} rows to know that without a count.
 */
public record Page<T>(List<T> items, boolean hasNext) {

    public static <T> Page<T> of(List<T> fetched, int first) {
        return fetched.size() > first ? new Page<>(fetched.subList(0, first), true) : new Page<>(fetched, false);
    }

    public PageInfo pageInfo(Function<T, Cursor> cursor) {
        return PageInfo.of(items.stream().map(item -> cursor.apply(item).encode()).toList(), hasNext);
    }
}
