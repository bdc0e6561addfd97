package dev.encore.graphql.engine;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnmodifiedType;

/**
 * Whether an operation's answer is the same for every caller, so that a shared cache (Cloudflare) may keep it: a query
 * whose root fields are all catalog reads, selecting nothing whose visibility depends on who asks (a user, a playlist:
 * private playlists show only to their owner). Everything else is private. Live events are left out although they are
 * public: their status and {@code nowPlaying} change by the second (subscriptions carry them), which a shared cache
 * would serve stale.
 *
 * <p>Computed once per document (it is kept with the prepared document), by walking the selections with the schema's
 * types, fragments included.
 */
final class PublicOperations {

    /** Root fields whose answers are the same for everyone. */
    static final Set<String> PUBLIC_ROOTS = Set.of("album", "albums", "artist", "artists", "song", "songs", "search",
            "__typename");

    /** Types whose content depends on the caller. */
    static final Set<String> CALLER_DEPENDENT_TYPES = Set.of("User", "Playlist", "PlaylistConnection", "PlaylistEdge",
            "PlaylistItem", "PlaylistItemConnection", "PlaylistItemEdge");

    private PublicOperations() {
    }

    /** For a document that validated: its fields exist and its fragments do not cycle. */
    static boolean isPublic(GraphQLSchema schema, Document document, OperationDefinition operation) {
        if (operation.getOperation() != OperationDefinition.Operation.QUERY) {
            return false;
        }
        for (Selection<?> selection : operation.getSelectionSet().getSelections()) {
            if (!(selection instanceof Field field) || !PUBLIC_ROOTS.contains(field.getName())) {
                return false; // fragments at the root: rare enough to be private
            }
        }
        Map<String, FragmentDefinition> fragments = document.getDefinitionsOfType(FragmentDefinition.class).stream()
                .collect(Collectors.toMap(FragmentDefinition::getName, Function.identity(), (a, b) -> a));
        return selectsNothingPrivate(schema, schema.getQueryType(), operation.getSelectionSet(), fragments,
                new HashSet<>());
    }

    private static boolean selectsNothingPrivate(GraphQLSchema schema, GraphQLType parent, SelectionSet selections,
                                                 Map<String, FragmentDefinition> fragments, Set<String> spread) {
        if (selections == null) {
            return true;
        }
        for (Selection<?> selection : selections.getSelections()) {
            boolean ok = switch (selection) {
                case Field field -> {
                    if (field.getName().startsWith("__") || !(parent instanceof GraphQLFieldsContainer container)) {
                        yield field.getSelectionSet() == null; // introspection below the root, or unions: keep simple
                    }
                    GraphQLFieldDefinition definition = container.getFieldDefinition(field.getName());
                    if (definition == null) {
                        yield false;
                    }
                    GraphQLUnmodifiedType type = GraphQLTypeUtil.unwrapAll(definition.getType());
                    yield !CALLER_DEPENDENT_TYPES.contains(type.getName())
                          && selectsNothingPrivate(schema, type, field.getSelectionSet(), fragments, spread);
                }
                case InlineFragment inline -> selectsNothingPrivate(schema, inline.getTypeCondition() == null ? parent
                        : schema.getType(inline.getTypeCondition().getName()), inline.getSelectionSet(), fragments, spread);
                case FragmentSpread spreadOf -> {
                    FragmentDefinition fragment = fragments.get(spreadOf.getName());
                    yield fragment != null && (!spread.add(fragment.getName()) || selectsNothingPrivate(schema,
                            schema.getType(fragment.getTypeCondition().getName()), fragment.getSelectionSet(),
                            fragments, spread));
                }
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
