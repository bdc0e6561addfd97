package dev.encore.graphql.search;

import java.util.List;

import dev.encore.graphql.catalog.Album;
import dev.encore.graphql.catalog.Artist;
import dev.encore.graphql.catalog.Song;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("What a search found, best match first in each list: the whole name equal to the query, then names "
             + "starting with it, then names with a word starting with each query word.")
public record SearchResults(@NonNull List<@NonNull Artist> artists, @NonNull List<@NonNull Album> albums,
                            @NonNull List<@NonNull Song> songs) {
}
