package dev.encore.graphql.catalog;

import org.eclipse.microprofile.graphql.NonNull;

public record AlbumEdge(@NonNull String cursor, @NonNull Album node) {
}
