package dev.encore.graphql.playlist;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/** A user as graphql-api knows one: the token's subject. Profiles live in identity-service. */
@Description("A user of Encore, by id (profiles are identity-service's).")
public record User(@Id @NonNull String id) {
}
