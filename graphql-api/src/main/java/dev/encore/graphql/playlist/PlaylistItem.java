package dev.encore.graphql.playlist;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

/** The GraphQL {@code PlaylistItem}; {@code song} is resolved in batches by {@link PlaylistApi}. */
@Description("One entry of a playlist. Its id stays the same when it moves; the same song may appear twice.")
public record PlaylistItem(@Id @NonNull String id,
                           @NonNull @Description("0-based index in play order.") int position,
                           @NonNull Instant addedAt,
                           @Ignore String songId) {
}
