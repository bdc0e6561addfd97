package dev.encore.graphql.liveevent;

import org.eclipse.microprofile.graphql.NonNull;

public record LiveEventEdge(@NonNull String cursor, @NonNull LiveEvent node) {
}
