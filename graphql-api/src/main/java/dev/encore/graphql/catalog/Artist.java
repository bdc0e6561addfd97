package dev.encore.graphql.catalog;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/** The GraphQL {@code Artist}; {@code albums} is resolved in batches by {@link ArtistApi}. */
@Description("A performer or band.")
@Key(fields = @FieldSet("id"))
public record Artist(@Id @NonNull String id,
                     @NonNull String name,
                     @NonNull List<@NonNull String> genres,
                     @NonNull Instant createdAt,
                     @NonNull Instant updatedAt) {
}
