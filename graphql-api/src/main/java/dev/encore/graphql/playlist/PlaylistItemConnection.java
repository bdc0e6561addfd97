package dev.encore.graphql.playlist;

import java.util.List;

import dev.encore.graphql.relay.PageInfo;
import org.eclipse.microprofile.graphql.NonNull;

/** A page of PlaylistItems (Relay connection). */
public record PlaylistItemConnection(@NonNull List<@NonNull PlaylistItemEdge> edges, @NonNull PageInfo pageInfo,
                             @NonNull int totalCount) {
}
