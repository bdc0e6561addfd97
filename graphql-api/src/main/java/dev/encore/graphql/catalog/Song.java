package dev.encore.graphql.catalog;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

/** The GraphQL {@code Song}; {@code artist}, {@code album} and {@code streamUrl} are resolved in batches by {@link SongApi}. */
@Description("A recording.")
@Key(fields = @FieldSet("id"))
public record Song(@Id @NonNull String id,
                   @NonNull String title,
                   @NonNull int durationMs,
                   @Description("Position on its album, from 1; null for a single.") Integer trackNumber,
                   @NonNull List<@NonNull String> genres,
                   @Description("International Standard Recording Code, 12 characters without hyphens.") String isrc,
                   @Id @Description("The audio in media-service, or null when the song has none yet.") String mediaId,
                   @NonNull Instant createdAt,
                   @NonNull Instant updatedAt,
                   @Ignore String artistId,
                   @Ignore String albumId) {
}
