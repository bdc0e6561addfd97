package dev.encore.graphql.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import graphql.introspection.Introspection;
import graphql.language.Argument;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.VariableReference;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;

/**
 * The guard rails every document passes before it runs: fragment spreads, fields once fragments are expanded, depth,
 * complexity and alias count, introspection's depth and repeats (and introspection itself when it is switched off);
 * and {@code Int} literals out of range, which SmallRye would silently truncate. Checked on the parsed document
 * against the schema before graphql-java validates or runs it, so an abusive query costs one parse and one walk,
 * never a validation rule's or a resolver's time.
 *
 * <p>The walk is linear in the document's size whatever its fragments do: each fragment's cost is computed once (per
 * context, see {@link Cost}) and reused at every spread, so a fragment that spreads the previous one twice, forty
 * levels deep, is counted as the 2<sup>40</sup> fields it would expand to without expanding it. Counts saturate
 * instead of overflowing.
 *
 * <p>Complexity is the number of fields the query could resolve: each field costs the product of the list sizes
 * above it. A field with a {@code first} argument multiplies what is under it by {@code first} (by
 * {@code defaultListSize} when absent); a list field under it (a connection's {@code edges}) is covered by that;
 * any other list field (such as {@code album.songs}) multiplies by {@code defaultListSize}. Introspection fields are
 * not counted in depth or complexity: GraphiQL's own introspection query is deep; they have a depth limit of their
 * own, and {@code __schema}, {@code __type} and the list fields of {@code __Type} may each appear once (graphql-java
 * refuses the same at execution as "not in good faith"; here it is a limit like the others, before anything runs).
 *
 * @param maxFields             most fields once fragments are expanded (introspection and {@code __typename} too)
 * @param maxFragmentSpreads    most {@code ...Fragment} spreads written in the document
 * @param maxIntrospectionDepth deepest nesting of introspection fields ({@code __schema} is level 1)
 */
public record QueryLimits(int maxDepth, int maxComplexity, int maxAliases, int defaultListSize, boolean introspection,
                          int maxFields, int maxFragmentSpreads, int maxIntrospectionDepth) {

    /** Where counts stop growing: far above any limit, far below overflow when two are added. */
    private static final long SATURATED = Long.MAX_VALUE / 4;

    /** The introspection fields that may appear once each, as graphql-java's good-faith check has them. */
    private static final String[] ONCE = {"__schema", "__type", "__Type.fields", "__Type.inputFields",
                                          "__Type.interfaces", "__Type.possibleTypes"};

    /**
     * The first limit the operation breaks, as a message for the client, or {@code null} when it is within all.
     *
     * @param document  the whole parsed document (its fragments, and every spread counts)
     * @param operation the operation the request selected from it
     */
    public String check(GraphQLSchema schema, Document document, OperationDefinition operation,
                        Map<String, JsonValue> variables) {
        return verdict(schema, document, operation, variables).refusal();
    }

    /**
     * The outcome of {@link #check}, and whether the request's variables played a part in it: when none did (no
     * {@code first: $variable}), the verdict holds for every request of the document and may be kept with it.
     */
    public record Verdict(String refusal, boolean variableFree) {
    }

    /** {@link #check}, saying whether the verdict depends on the variables. */
    public Verdict verdict(GraphQLSchema schema, Document document, OperationDefinition operation,
                           Map<String, JsonValue> variables) {
        int spreads = 0;
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof OperationDefinition op) {
                spreads += countSpreads(op.getSelectionSet());
            } else if (definition instanceof FragmentDefinition fragment) {
                spreads += countSpreads(fragment.getSelectionSet());
            }
        }
        if (spreads > maxFragmentSpreads) {
            return new Verdict("The document has " + spreads + " fragment spreads; the limit is " + maxFragmentSpreads
                               + ".", true);
        }
        GraphQLType root = switch (operation.getOperation()) {
            case QUERY -> schema.getQueryType();
            case MUTATION -> schema.getMutationType();
            case SUBSCRIPTION -> schema.getSubscriptionType();
        };
        Walk walk = new Walk(schema, document, variables);
        Cost cost = walk.visit(operation.getSelectionSet(), root, false);
        return new Verdict(refusal(walk, cost), !walk.readVariables);
    }

    private String refusal(Walk walk, Cost cost) {
        if (walk.badLiteral != null) {
            return walk.badLiteral; // before the limits: a truncated page size would make them meaningless
        }
        if (cost.introspected && !introspection) {
            return "Introspection is disabled on this server.";
        }
        if (cost.fields > maxFields) {
            return "The query selects " + cost.fields + " fields once its fragments are expanded; the limit is "
                   + maxFields + ".";
        }
        if (cost.depth > maxDepth) {
            return "The query is " + cost.depth + " levels deep; the limit is " + maxDepth + ".";
        }
        if (cost.introspectionDepth > maxIntrospectionDepth) {
            return "The introspection query is " + cost.introspectionDepth + " levels deep; the limit is "
                   + maxIntrospectionDepth + ".";
        }
        for (int i = 0; i < ONCE.length; i++) {
            if (cost.once[i] > 1) {
                return "The query asks for " + ONCE[i] + " " + cost.once[i] + " times; introspection allows it once.";
            }
        }
        if (cost.aliases > maxAliases) {
            return "The query uses " + cost.aliases + " aliases; the limit is " + maxAliases + ".";
        }
        if (cost.complexity > maxComplexity) {
            return "The query's complexity is " + cost.complexity + "; the limit is " + maxComplexity
                   + ". Ask for smaller pages (first) or fewer nested lists.";
        }
        return null;
    }

    /** The spreads as written, without following them: what the document costs to walk at all. */
    private static int countSpreads(SelectionSet selections) {
        int spreads = 0;
        if (selections != null) {
            for (Selection<?> selection : selections.getSelections()) {
                if (selection instanceof FragmentSpread) {
                    spreads++;
                } else if (selection instanceof Field field) {
                    spreads += countSpreads(field.getSelectionSet());
                } else if (selection instanceof InlineFragment inline) {
                    spreads += countSpreads(inline.getSelectionSet());
                }
            }
        }
        return spreads;
    }

    private static long add(long a, long b) {
        return Math.min(SATURATED, a + b);
    }

    private static long multiply(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > SATURATED / b ? SATURATED : Math.min(SATURATED, a * b);
    }

    /**
     * What a selection set costs relative to where it stands: depths count its own fields as level 1 and complexity
     * is at a list multiplier of 1, so a spread adds the fragment's cost shifted by its depth and scaled by its
     * multiplier. It depends only on the set's type (fixed for a fragment) and on whether its parent field was a
     * page (a connection's {@code edges} is not multiplied again), so a fragment has at most two.
     */
    private static final class Cost {
        long fields;
        long aliases;
        long complexity;
        int depth;
        int introspectionDepth;
        boolean introspected;
        final long[] once = new long[ONCE.length];

        /** Another selection at the same level. */
        void add(Cost other) {
            fields = QueryLimits.add(fields, other.fields);
            aliases = QueryLimits.add(aliases, other.aliases);
            complexity = QueryLimits.add(complexity, other.complexity);
            depth = Math.max(depth, other.depth);
            introspectionDepth = Math.max(introspectionDepth, other.introspectionDepth);
            introspected |= other.introspected;
            for (int i = 0; i < once.length; i++) {
                once[i] = QueryLimits.add(once[i], other.once[i]);
            }
        }

        /** A field's selection set, one level down, each of its fields resolved {@code multiplier} times. */
        void addChildren(Cost children, long multiplier) {
            fields = QueryLimits.add(fields, children.fields);
            aliases = QueryLimits.add(aliases, children.aliases);
            complexity = QueryLimits.add(complexity, multiply(multiplier, children.complexity));
            if (children.depth > 0) {
                depth = Math.max(depth, children.depth + 1);
            }
            if (children.introspectionDepth > 0) {
                introspectionDepth = Math.max(introspectionDepth, children.introspectionDepth + 1);
            }
            introspected |= children.introspected;
            for (int i = 0; i < once.length; i++) {
                once[i] = QueryLimits.add(once[i], children.once[i]);
            }
        }
    }

    private final class Walk {
        private static final Cost NOTHING = new Cost();

        private final GraphQLSchema schema;
        private final Map<String, FragmentDefinition> fragments = new HashMap<>();
        private final Map<String, Cost> fragmentCosts = new HashMap<>();
        private final Set<String> inProgress = new HashSet<>();
        private final Map<String, JsonValue> variables;
        String badLiteral;
        /** Whether a variable's value went into a count (a page size). */
        boolean readVariables;

        Walk(GraphQLSchema schema, Document document, Map<String, JsonValue> variables) {
            this.schema = schema;
            this.variables = variables;
            document.getDefinitionsOfType(FragmentDefinition.class)
                    .forEach(definition -> fragments.putIfAbsent(definition.getName(), definition));
        }

        Cost visit(SelectionSet selections, GraphQLType parent, boolean paged) {
            Cost cost = new Cost();
            if (selections == null) {
                return cost;
            }
            for (Selection<?> selection : selections.getSelections()) {
                if (selection instanceof Field field) {
                    cost.add(visitField(field, parent, paged));
                } else if (selection instanceof InlineFragment inline) {
                    GraphQLType type = inline.getTypeCondition() == null ? parent
                            : schema.getType(inline.getTypeCondition().getName());
                    cost.add(visit(inline.getSelectionSet(), type, paged));
                } else if (selection instanceof FragmentSpread spread) {
                    cost.add(fragment(spread.getName(), paged));
                }
            }
            return cost;
        }

        /** A fragment's cost, computed at its first spread and reused at every other one. */
        private Cost fragment(String name, boolean paged) {
            String key = paged ? name + "/paged" : name;
            Cost known = fragmentCosts.get(key);
            if (known != null) {
                return known;
            }
            FragmentDefinition definition = fragments.get(name);
            // An unknown fragment or a cycle is a validation error the engine reports; it costs nothing here.
            if (definition == null || !inProgress.add(key)) {
                return NOTHING;
            }
            Cost cost = visit(definition.getSelectionSet(), schema.getType(definition.getTypeCondition().getName()),
                    paged);
            inProgress.remove(key);
            fragmentCosts.put(key, cost);
            return cost;
        }

        private Cost visitField(Field field, GraphQLType parent, boolean paged) {
            Cost cost = new Cost();
            cost.fields = 1;
            if (field.getAlias() != null) {
                cost.aliases = 1;
            }
            String name = field.getName();
            if ("__typename".equals(name)) {
                return cost;
            }
            String parentName = GraphQLTypeUtil.unwrapAll(parent) instanceof GraphQLNamedType named
                    ? named.getName() : null;
            GraphQLFieldDefinition definition = definition(parentName, parent, name);
            GraphQLType type = definition == null ? null : definition.getType();
            if (name.startsWith("__") || (parentName != null && parentName.startsWith("__"))) {
                cost.introspected = true;
                cost.introspectionDepth = 1;
                countOnce(cost, parentName, name);
                cost.addChildren(visit(field.getSelectionSet(), type, false), 1);
                return cost;
            }
            cost.depth = 1;
            cost.complexity = 1;
            if (definition != null && badLiteral == null) {
                for (Argument argument : field.getArguments()) {
                    GraphQLArgument declared = definition.getArgument(argument.getName());
                    if (declared != null && badLiteral == null) {
                        badLiteral = VariableCheck.checkIntLiterals(argument.getValue(), declared.getType(),
                                argument.getName(), "Argument");
                    }
                }
            }
            long multiplier = 1;
            boolean childPaged = false;
            Long first = intArgument(field, "first");
            if (first != null || (definition != null && definition.getArgument("first") != null)) {
                multiplier = Math.max(1, first != null ? first : defaultListSize);
                childPaged = true;
            } else if (type != null && GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(type)) && !paged) {
                multiplier = defaultListSize;
            }
            cost.addChildren(visit(field.getSelectionSet(), type, childPaged), multiplier);
            return cost;
        }

        private GraphQLFieldDefinition definition(String parentName, GraphQLType parent, String name) {
            // The meta fields are not among the query type's own fields.
            if ("__schema".equals(name)) {
                return Introspection.SchemaMetaFieldDef;
            }
            if ("__type".equals(name)) {
                return Introspection.TypeMetaFieldDef;
            }
            if (parentName != null && GraphQLTypeUtil.unwrapAll(parent) instanceof GraphQLFieldsContainer container) {
                return container.getFieldDefinition(name);
            }
            return null;
        }

        private static void countOnce(Cost cost, String parentName, String name) {
            String coordinate = name.startsWith("__") ? name : parentName + "." + name;
            for (int i = 0; i < ONCE.length; i++) {
                if (ONCE[i].equals(coordinate)) {
                    cost.once[i] = 1;
                }
            }
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
                if (argument.getValue() instanceof VariableReference) {
                    readVariables = true;
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
