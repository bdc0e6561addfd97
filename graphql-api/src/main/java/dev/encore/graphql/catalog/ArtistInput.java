package dev.encore.graphql.catalog;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Description("An artist's fields; an update replaces all of them.")
@Input("ArtistInput")
public record ArtistInput(@NonNull String name, List<String> genres) {
}
