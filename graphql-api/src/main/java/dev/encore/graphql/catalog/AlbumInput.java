package dev.encore.graphql.catalog;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

@Description("An album's fields; an update replaces all of them.")
@Input("AlbumInput")
public record AlbumInput(@NonNull String title, @Id @NonNull String artistId, LocalDate releaseDate,
                         List<String> genres) {
}
