package dev.encore.graphql.playlist;

import org.eclipse.microprofile.graphql.NonNull;

public record PlaylistItemEdge(@NonNull String cursor, @NonNull PlaylistItem node) {
}
