package dev.encore.graphql.catalog;

import org.eclipse.microprofile.graphql.NonNull;

public record ArtistEdge(@NonNull String cursor, @NonNull Artist node) {
}
