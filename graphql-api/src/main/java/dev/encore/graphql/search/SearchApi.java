package dev.encore.graphql.search;

import dev.encore.graphql.catalog.CatalogMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/** {@code search}: one box over artists, albums and songs. */
@GraphQLApi
@ApplicationScoped
public class SearchApi {

    @Inject
    SearchService search;

    @Inject
    CatalogMapper mapper;

    @Query
    @NonNull
    @Description("Artists, albums and songs whose names match every word of the query as a word prefix, ignoring "
                 + "case and accents (\"beyo\" finds Beyoncé). first: per list, at most 50, default 10.")
    public Uni<SearchResults> search(@NonNull String query, Integer first) {
        return search.search(query, first).map(hits -> new SearchResults(
                hits.artists().stream().map(mapper::artist).toList(),
                hits.albums().stream().map(mapper::album).toList(),
                hits.songs().stream().map(mapper::song).toList()));
    }
}
