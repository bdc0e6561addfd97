package dev.encore.graphql.playlist;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Input("PlaylistInput")
public record PlaylistInput(@NonNull String name, String description,
                            @Name("public") @DefaultValue("false") Boolean isPublic) {
}
