package dev.encore.graphql.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.encore.graphql.cache.CatalogCache;
import dev.encore.graphql.catalog.AlbumDocument;
import dev.encore.graphql.catalog.AlbumRepository;
import dev.encore.graphql.catalog.ArtistDocument;
import dev.encore.graphql.catalog.ArtistRepository;
import dev.encore.graphql.catalog.SearchKeys;
import dev.encore.graphql.catalog.SongDocument;
import dev.encore.graphql.catalog.SongRepository;
import dev.encore.graphql.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Catalog search: case- and accent-insensitive word-prefix matching over artist names, album titles and song
 * titles, ranked exact > prefix > word match, then by name.
 *
 * <p>Each kind costs three index-backed queries, each limited to {@code first}: the whole normalized name equal to
 * the query, the name starting with it, and every query word prefixing some word of the name. Ranking then only
 * merges those short lists, so an exact match is never lost behind a thousand word matches. No {@code $text}
 * index: the embedded MongoDB server has none, and prefix matching is what a search box wants anyway.
 */
@ApplicationScoped
public class SearchService {

    public static final int DEFAULT_FIRST = 10;
    public static final int MAX_FIRST = 50;
    static final int MAX_QUERY_WORDS = 8;

    @Inject
    ArtistRepository artists;

    @Inject
    AlbumRepository albums;

    @Inject
    SongRepository songs;

    @Inject
    CatalogCache cache;

    /** The cached shape of an answer: stored documents, mapped to API types by the caller. */
    public record Hits(List<ArtistDocument> artists, List<AlbumDocument> albums, List<SongDocument> songs) {
    }

    public Uni<Hits> search(String query, Integer first) {
        int limit = first == null ? DEFAULT_FIRST : first;
        if (limit < 0 || limit > MAX_FIRST) {
            throw ApiException.badInput("first", "first must be between 0 and " + MAX_FIRST + ".");
        }
        List<String> words = SearchKeys.words(query);
        if (words.isEmpty() || limit == 0) {
            return Uni.createFrom().item(new Hits(List.of(), List.of(), List.of()));
        }
        if (words.size() > MAX_QUERY_WORDS) {
            words = words.subList(0, MAX_QUERY_WORDS);
        }
        String phrase = String.join(" ", words);
        List<String> tokens = List.copyOf(new java.util.LinkedHashSet<>(words));
        return cache.search(limit + ":" + phrase, Hits.class, () -> Uni.combine().all().unis(
                        find(artists::findByExactKey, artists::findByKeyPrefix, artists::findByTokenPrefixes,
                                phrase, tokens, limit, ArtistDocument::id, ArtistDocument::name),
                        find(albums::findByExactKey, albums::findByKeyPrefix, albums::findByTokenPrefixes,
                                phrase, tokens, limit, AlbumDocument::id, AlbumDocument::title),
                        find(songs::findByExactKey, songs::findByKeyPrefix, songs::findByTokenPrefixes,
                                phrase, tokens, limit, SongDocument::id, SongDocument::title))
                .asTuple().map(found -> new Hits(found.getItem1(), found.getItem2(), found.getItem3())));
    }

    private interface KeyQuery<D> {
        Uni<List<D>> find(String phrase, int limit);
    }

    private interface TokenQuery<D> {
        Uni<List<D>> find(List<String> tokens, int limit);
    }

    private static <D> Uni<List<D>> find(KeyQuery<D> exact, KeyQuery<D> prefix, TokenQuery<D> words, String phrase,
                                         List<String> tokens, int limit, Function<D, String> id,
                                         Function<D, String> name) {
        return Uni.combine().all().unis(exact.find(phrase, limit), prefix.find(phrase, limit), words.find(tokens, limit))
                .asTuple().map(found -> {
                    Map<String, D> merged = new LinkedHashMap<>();
                    found.getItem1().forEach(d -> merged.putIfAbsent(id.apply(d), d));
                    found.getItem2().forEach(d -> merged.putIfAbsent(id.apply(d), d));
                    found.getItem3().forEach(d -> merged.putIfAbsent(id.apply(d), d));
                    List<D> ranked = new ArrayList<>(merged.values());
                    ranked.sort(Comparator.<D>comparingInt(d -> rank(SearchKeys.sortKey(name.apply(d)), phrase))
                            .thenComparing(d -> SearchKeys.sortKey(name.apply(d))));
                    return ranked.size() > limit ? List.copyOf(ranked.subList(0, limit)) : ranked;
                });
    }

    /** 0 for the whole name, 1 for a name that starts with the query, 2 for word matches. */
    static int rank(String key, String phrase) {
        if (key.equals(phrase)) {
            return 0;
        }
        return key.startsWith(phrase) ? 1 : 2;
    }
}
