package dev.encore.graphql.playlist;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/** One change of a playlist, as {@code playlistUpdated} sends it. */
@Description("What changed (ADDED, REMOVED, MOVED, UPDATED, DELETED) and the playlist after it (for DELETED: its "
             + "last state, with the version the delete gave it and no items).")
public record PlaylistUpdate(@Id @NonNull String playlistId, @NonNull String kind, @NonNull Playlist playlist) {
}
