package dev.encore.graphql.playlist;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

import java.time.Instant;
import java.util.List;

import dev.encore.graphql.playlist.PlaylistDocument.ItemDocument;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/** The GraphQL {@code Playlist}; {@code items} is resolved by {@link PlaylistApi} as a connection over the list. */
@Description("An ordered list of songs owned by a user. Public ones are readable by anyone, private ones by their "
             + "owner (and admins) only.")
@Key(fields = @FieldSet("id"))
public record Playlist(@Id @NonNull String id,
                       @NonNull String name,
                       String description,
                       @Name("public") @NonNull boolean isPublic,
                       @NonNull User owner,
                       @NonNull @Description("Changes on every write; pass it as expectedVersion to make an edit "
                                             + "conditional.") String version,
                       @NonNull @Description("The sum of the items' song durations.") int totalDurationMs,
                       @NonNull @Description("How many items the playlist holds.") int itemCount,
                       @NonNull Instant createdAt,
                       @NonNull Instant updatedAt,
                       @Ignore List<ItemDocument> entries) {

    static Playlist of(PlaylistDocument document) {
        return document == null ? null : new Playlist(document.id(), document.name(), document.description(),
                document.isPublic(), new User(document.ownerId()), document.version(), (int) Math.min(Integer.MAX_VALUE, document.totalDurationMs()),
                document.itemCount(), document.createdAt(), document.updatedAt(), document.items());
    }
}
