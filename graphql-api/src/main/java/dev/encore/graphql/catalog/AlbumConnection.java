package dev.encore.graphql.catalog;

import java.util.List;

import dev.encore.graphql.relay.PageInfo;
import org.eclipse.microprofile.graphql.NonNull;

/** A page of albums (Relay connection); {@code totalCount} is resolved only when asked for. */
public record AlbumConnection(@NonNull List<@NonNull AlbumEdge> edges, @NonNull PageInfo pageInfo) {
}
