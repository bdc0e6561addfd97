package dev.encore.graphql.catalog;

import java.util.List;

import dev.encore.graphql.relay.PageInfo;
import org.eclipse.microprofile.graphql.NonNull;

/** A page of songs (Relay connection); {@code totalCount} is resolved only when asked for. */
public record SongConnection(@NonNull List<@NonNull SongEdge> edges, @NonNull PageInfo pageInfo) {
}
