package dev.encore.graphql.relay;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** Relay's page info. Pages only go forward ({@code first}/{@code after}), so the backward fields are always false. */
@Description("Where this page sits: pass endCursor as `after` to get the next page.")
public record PageInfo(@NonNull boolean hasNextPage, @NonNull boolean hasPreviousPage, String startCursor,
                       String endCursor) {

    /** The page info of a page whose edges have these cursors, in order. */
    public static PageInfo of(List<String> cursors, boolean hasNextPage) {
        return new PageInfo(hasNextPage, false, cursors.isEmpty() ? null : cursors.get(0),
                cursors.isEmpty() ? null : cursors.get(cursors.size() - 1));
    }
}
