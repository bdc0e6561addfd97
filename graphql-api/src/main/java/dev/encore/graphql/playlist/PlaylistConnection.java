package dev.encore.graphql.playlist;

import java.util.List;

import dev.encore.graphql.relay.PageInfo;
import org.eclipse.microprofile.graphql.NonNull;

/** A page of Playlists (Relay connection). */
public record PlaylistConnection(@NonNull List<@NonNull PlaylistEdge> edges, @NonNull PageInfo pageInfo,
                             @NonNull int totalCount) {
}
