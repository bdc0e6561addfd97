package dev.encore.graphql.relay;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** Relay's page info. Pages only go forward ({@code first}/{@code after}), so the backward fields are always false. */
@Description("Where this page sits: pass endCursor as `after` to get the next page.")
public record PageInfo(@NonNull boolean hasNextPage, @NonNull boolean hasPreviousPage, String startCursor,
                       String endCursor) {
}
