/**
 * Apollo Federation 2: {@link dev.encore.graphql.federation.Subgraph} links the schema to the federation spec, so
 * {@code _service { sdl }} is a Federation 2 subgraph Apollo's composition accepts; the entity types carry
 * {@code @Key(fields = "id")}, and every role check has its {@code @authenticated} / {@code @requiresScopes} twin for a
 * router.
 *
 * <p>{@code _entities} resolves in batches. With {@code smallrye.graphql.federation.batchResolving.enabled}, SmallRye
 * groups the representations by type and key fields, calls the {@code @Resolver} that takes a list of those keys and
 * returns a list of that type (one per entity API: {@code ArtistApi.artistEntities}, ...) once per group, and puts the
 * answers back in the representations' order; without it (or for a type with no such resolver) it calls the type's
 * {@code id} query per representation.
 *
 * <p>A batch resolver's parameter is named {@code id} (the key field) and must answer one element per id, in order,
 * {@code null} where the id query would be null. It must not carry {@code @Id}: SmallRye 2.17 then converts each id to
 * the parameter's own class ({@code java.util.List}), the call answers an error without data, and its
 * {@code FederationDataFetcher} dereferences the missing list, a {@code NullPointerException} that hides the error.
 * Tests: {@code FederationIT}, {@code SupergraphIT} (Apollo's composition and gateway), {@code RouterSeesEveryRoleCheckTest}.
 */
package dev.encore.graphql.federation;
