package dev.encore.graphql.catalog;

import org.eclipse.microprofile.graphql.NonNull;

public record SongEdge(@NonNull String cursor, @NonNull Song node) {
}
