package dev.encore.graphql.liveevent;

import java.util.List;

import dev.encore.graphql.relay.PageInfo;
import org.eclipse.microprofile.graphql.NonNull;

/** A page of live events (Relay connection): live first, then upcoming by start time, then the rest. */
public record LiveEventConnection(@NonNull List<@NonNull LiveEventEdge> edges, @NonNull PageInfo pageInfo,
                                  @NonNull int totalCount) {
}
