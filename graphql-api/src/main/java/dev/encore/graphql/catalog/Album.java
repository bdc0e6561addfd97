package dev.encore.graphql.catalog;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

/** The GraphQL {@code Album}; {@code artist} and {@code songs} are resolved in batches by {@link AlbumApi}. */
@Description("A release by one artist.")
@Key(fields = @FieldSet("id"))
public record Album(@Id @NonNull String id,
                    @NonNull String title,
                    LocalDate releaseDate,
                    @NonNull List<@NonNull String> genres,
                    @NonNull Instant createdAt,
                    @NonNull Instant updatedAt,
                    @Ignore String artistId) {
}
