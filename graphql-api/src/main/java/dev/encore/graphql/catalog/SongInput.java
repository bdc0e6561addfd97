package dev.encore.graphql.catalog;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

@Description("A song's fields; an update replaces all of them. albumId, when given, must name an existing album.")
@Input("SongInput")
public record SongInput(@NonNull String title, @Id @NonNull String artistId, @Id String albumId,
                        @NonNull int durationMs, Integer trackNumber, List<String> genres, String isrc,
                        @Id String mediaId) {
}
