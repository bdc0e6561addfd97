package dev.encore.graphql.cache;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import dev.encore.graphql.catalog.AlbumDocument;
import dev.encore.graphql.catalog.ArtistDocument;
import dev.encore.graphql.catalog.SongDocument;
import dev.encore.graphql.search.SearchService;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** What the cache writes to Redis reads back equal: the stored documents and search answers, as JSON-B records. */
class CachedShapesTest {

    private final Jsonb json = JsonbBuilder.create();
    private final Instant created = Instant.parse("2026-01-02T03:04:05.678Z");

    @Test
    void documentsSurviveTheRoundTrip() {
        ArtistDocument artist = new ArtistDocument("a1", "Sigur Rós", List.of("Post-Rock"), List.of("user-1"), created,
                created);
        AlbumDocument album = new AlbumDocument("b1", "Ágætis byrjun", "a1", LocalDate.of(1999, 6, 12), List.of(),
                created, created);
        SongDocument song = new SongDocument("s1", "Starálfur", "a1", "b1", 3, 407_000, "ISRC00000001", null,
                List.of("Post-Rock"), created, created);
        assertThat(json.fromJson(json.toJson(artist), ArtistDocument.class), is(artist));
        assertThat(json.fromJson(json.toJson(album), AlbumDocument.class), is(album));
        assertThat(json.fromJson(json.toJson(song), SongDocument.class), is(song));
        SearchService.Hits hits = new SearchService.Hits(List.of(artist), List.of(album), List.of(song));
        assertThat(json.fromJson(json.toJson(hits), SearchService.Hits.class), is(hits));
    }
}
