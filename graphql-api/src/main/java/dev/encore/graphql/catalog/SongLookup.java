package dev.encore.graphql.catalog;

import java.util.List;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Songs by id for a batch of parents (playlist items, now-playings, federation representations): one catalog lookup
 * for all of them (cache first, then one query), answered in the parents' order.
 */
@ApplicationScoped
public class SongLookup {

    @Inject
    CatalogService catalog;

    @Inject
    CatalogMapper mapper;

    /** The song of each id, in order, null where there is none; an id may come more than once. */
    public Uni<List<Song>> inOrder(List<String> songIds) {
        return catalog.songs(songIds.stream().distinct().toList())
                .map(byId -> songIds.stream().map(id -> mapper.song(byId.get(id))).toList());
    }
}
