package dev.encore.graphql.playlist;

import org.eclipse.microprofile.graphql.NonNull;

public record PlaylistEdge(@NonNull String cursor, @NonNull Playlist node) {
}
