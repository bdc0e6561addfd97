package dev.encore.graphql.catalog;

import java.util.List;

import dev.encore.graphql.relay.PageInfo;
import org.eclipse.microprofile.graphql.NonNull;

/** A page of artists (Relay connection); {@code totalCount} is resolved only when asked for. */
public record ArtistConnection(@NonNull List<@NonNull ArtistEdge> edges, @NonNull PageInfo pageInfo) {
}
