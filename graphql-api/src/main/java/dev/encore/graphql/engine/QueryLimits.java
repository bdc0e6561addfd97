package dev.encore.graphql.engine;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import graphql.language.Argument;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.VariableReference;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;

/**
 * The guard rails every document passes before it runs: depth, complexity and alias count, and introspection when
 * it is switched off; and {@code Int} literals out of range, which SmallRye would silently truncate. Checked on the
 * parsed document against the schema, so an abusive query costs one parse and one walk, never a resolver call.
 *
 * <p>Complexity is the number of fields the query could resolve: each field costs the product of the list sizes
 * above it. A field with a {@code first} argument multiplies what is under it by {@code first} (by
 * {@code defaultListSize} when absent); a list field under it (a connection's {@code edges}) is covered by that;
 * any other list field (such as {@code album.songs}) multiplies by {@code defaultListSize}. Introspection fields are
 * not counted: GraphiQL's own introspection query is deep, and it is governed by the introspection switch instead.
 */
public record QueryLimits(int maxDepth, int maxComplexity, int maxAliases, int defaultListSize,
                          boolean introspection) {

    /** The first limit the operation breaks, as a message for the client, or {@code null} when it is within all. */
    public String check(GraphQLSchema schema, List<FragmentDefinition> fragments, SelectionSet operation,
                        GraphQLType rootType, Map<String, JsonValue> variables) {
        Walk walk = new Walk(schema, fragments, variables);
        walk.visit(operation, rootType, 1, 1, false, new HashSet<>());
        if (walk.badLiteral != null) {
            return walk.badLiteral; // before the limits: a truncated page size would make them meaningless
        }
        if (walk.introspected && !introspection) {
            return "Introspection is disabled on this server.";
        }
        if (walk.maxDepth > maxDepth) {
            return "The query is " + walk.maxDepth + " levels deep; the limit is " + maxDepth + ".";
        }
        if (walk.aliases > maxAliases) {
            return "The query uses " + walk.aliases + " aliases; the limit is " + maxAliases + ".";
        }
        if (walk.complexity > maxComplexity) {
            return "The query's complexity is " + walk.complexity + "; the limit is " + maxComplexity
                   + ". Ask for smaller pages (first) or fewer nested lists.";
        }
        return null;
    }

    private final class Walk {
        private final GraphQLSchema schema;
        private final Map<String, FragmentDefinition> fragments = new java.util.HashMap<>();
        private final Map<String, JsonValue> variables;
        int maxDepth;
        long complexity;
        int aliases;
        boolean introspected;
        String badLiteral;

        Walk(GraphQLSchema schema, List<FragmentDefinition> definitions, Map<String, JsonValue> variables) {
            this.schema = schema;
            this.variables = variables;
            definitions.forEach(definition -> fragments.put(definition.getName(), definition));
        }

        void visit(SelectionSet selections, GraphQLType parent, int depth, long multiplier, boolean paged,
                   Set<String> fragmentPath) {
            if (selections == null) {
                return;
            }
            for (Selection<?> selection : selections.getSelections()) {
                if (selection instanceof Field field) {
                    visitField(field, parent, depth, multiplier, paged, fragmentPath);
                } else if (selection instanceof InlineFragment inline) {
                    GraphQLType type = inline.getTypeCondition() == null ? parent
                            : schema.getType(inline.getTypeCondition().getName());
                    visit(inline.getSelectionSet(), type, depth, multiplier, paged, fragmentPath);
                } else if (selection instanceof FragmentSpread spread) {
                    FragmentDefinition definition = fragments.get(spread.getName());
                    // A cycle or unknown fragment is a validation error the engine reports; just stop here.
                    if (definition != null && !fragmentPath.contains(spread.getName())) {
                        Set<String> path = new HashSet<>(fragmentPath);
                        path.add(spread.getName());
                        visit(definition.getSelectionSet(), schema.getType(definition.getTypeCondition().getName()),
                                depth, multiplier, paged, path);
                    }
                }
            }
        }

        private void visitField(Field field, GraphQLType parent, int depth, long multiplier, boolean paged,
                                Set<String> fragmentPath) {
            if (field.getAlias() != null) {
                aliases++;
            }
            if (field.getName().startsWith("__")) {
                introspected |= !"__typename".equals(field.getName());
                return;
            }
            maxDepth = Math.max(maxDepth, depth);
            complexity = Math.min(Long.MAX_VALUE / 4, complexity + multiplier);
            GraphQLFieldDefinition definition = null;
            if (parent != null && GraphQLTypeUtil.unwrapAll(parent) instanceof GraphQLFieldsContainer container) {
                definition = container.getFieldDefinition(field.getName());
            }
            if (definition != null && badLiteral == null) {
                for (Argument argument : field.getArguments()) {
                    GraphQLArgument declared = definition.getArgument(argument.getName());
                    if (declared != null && badLiteral == null) {
                        badLiteral = VariableCheck.checkIntLiterals(argument.getValue(), declared.getType(),
                                argument.getName(), "Argument");
                    }
                }
            }
            GraphQLType type = definition == null ? null : definition.getType();
            long childMultiplier = multiplier;
            boolean childPaged = false;
            Long first = intArgument(field, "first");
            if (first != null || (definition != null && definition.getArgument("first") != null)) {
                childMultiplier = multiplier * Math.max(1, first != null ? first : defaultListSize);
                childPaged = true;
            } else if (type != null && GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(type)) && !paged) {
                childMultiplier = multiplier * defaultListSize;
            }
            visit(field.getSelectionSet(), type, depth + 1, Math.min(childMultiplier, Integer.MAX_VALUE),
                    childPaged, fragmentPath);
        }

        private Long intArgument(Field field, String name) {
            for (Argument argument : field.getArguments()) {
                if (!argument.getName().equals(name)) {
                    continue;
                }
                // Only a valid Int counts: for anything else (99999999999, 1.5) the engine's validation or the
                // variable check says "not a valid Int", which is the client's real mistake, not the complexity.
                if (argument.getValue() instanceof IntValue value) {
                    return isInt(value.getValue()) ? value.getValue().longValue() : null;
                }
                if (argument.getValue() instanceof VariableReference reference
                    && variables.get(reference.getName()) instanceof JsonNumber number && number.isIntegral()) {
                    return isInt(number.bigIntegerValue()) ? number.longValue() : null;
                }
            }
            return null;
        }

        private static boolean isInt(java.math.BigInteger value) {
            return value.bitLength() < 32;
        }
    }
}
