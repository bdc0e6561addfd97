package dev.encore.graphql.catalog;

import java.util.List;

import dev.encore.graphql.error.ApiException;
import dev.encore.graphql.security.Caller;
import dev.encore.graphql.security.Callers;
import dev.encore.graphql.security.Roles;

/**
 * Who writes to the catalog, as its ownership rules see them. Curators and admins edit every entry. Anyone else with
 * a catalog role (an artist) edits only what it owns: the artists whose {@code ownerIds} hold its user id (the user
 * who created an artist owns it), and the albums and songs under those artists. An artist stored without owners
 * (created before ownership was recorded, or by the demo seeder) is therefore left to curators and admins.
 *
 * @param userId   the writer's user id, recorded as the owner of the artists it creates; {@code null} for the seeder
 * @param editsAll a curator or admin (or the seeder): ownership is not checked
 */
public record CatalogEditor(String userId, boolean editsAll) {

    /** The demo seeder: writes anything and owns nothing, so its catalog is left to curators and admins. */
    public static final CatalogEditor SEEDER = new CatalogEditor(null, true);

    /**
     * The editor a caller is; the role check is repeated here so that the rules hold whoever calls the service.
     *
     * @throws ApiException {@code UNAUTHENTICATED} without a caller, {@code FORBIDDEN} without a catalog role
     */
    public static CatalogEditor of(Caller caller) {
        Callers.require(caller, Roles.ARTIST, Roles.CURATOR, Roles.ADMIN);
        return new CatalogEditor(caller.userId(), caller.hasAnyRole(Roles.CURATOR, Roles.ADMIN));
    }

    /** The editor of the GraphQL operation being resolved (see {@link Callers#current()}). */
    public static CatalogEditor current() {
        return of(Callers.current());
    }

    /** Whether this editor may change {@code artist} or anything under it. */
    boolean owns(ArtistDocument artist) {
        return editsAll || userId != null && artist.ownerIds().contains(userId);
    }

    /** The owners of an artist this editor creates. */
    List<String> ownersOfNew() {
        return userId == null ? List.of() : List.of(userId);
    }
}
