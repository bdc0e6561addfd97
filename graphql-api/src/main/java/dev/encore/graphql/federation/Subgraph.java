package dev.encore.graphql.federation;

import java.util.List;

import io.smallrye.graphql.api.federation.Authenticated;
import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;
import io.smallrye.graphql.api.federation.Resolver;
import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;
import io.smallrye.graphql.api.federation.link.Purpose;
import io.smallrye.graphql.api.federation.requiresscopes.RequiresScopes;
import io.smallrye.graphql.api.federation.requiresscopes.ScopeGroup;
import io.smallrye.graphql.api.federation.requiresscopes.ScopeItem;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.graphql.GraphQLApi;

/**
 * The subgraph's {@code schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: [...])} in
 * {@code _service.sdl}. Without it Apollo composition reads the SDL as Federation 1 and refuses
 * {@code @key(fields: FieldSet!)}. SmallRye takes schema directives from {@code @GraphQLApi} classes; this one has no
 * operations, only the link.
 *
 * <p>v2.5 is the first version with {@code @authenticated} and {@code @requiresScopes}, which carry the role checks to
 * a router: every {@code @RequiresRole} has its twin ({@code RouterSeesEveryRoleCheckTest} checks), while the subgraph
 * still enforces every role itself. Every federation directive or type the API uses is imported under its own name;
 * SmallRye renames anything not imported to {@code federation__X}, as the link spec wants.
 */
@GraphQLApi
@ApplicationScoped
@Link(url = Subgraph.FEDERATION, _import = {
    @Import(name = "@key"), @Import(name = "FieldSet"),
    @Import(name = "@authenticated"), @Import(name = "@requiresScopes"), @Import(name = "Scope")})
public class Subgraph {

    public static final String FEDERATION = "https://specs.apollo.dev/federation/v2.5";

    /**
     * The federation annotation types the API uses. SmallRye's schema builder only knows directives whose annotation
     * types are in the index it is given, and this module's own index does not hold the API jar's classes.
     */
    public static final List<Class<?>> DIRECTIVES = List.of(
            Link.class, Link.Links.class, Import.class, Purpose.class,
            Key.class, Key.Keys.class, FieldSet.class, Resolver.class,
            Authenticated.class, RequiresScopes.class, ScopeGroup.class, ScopeItem.class);
}
