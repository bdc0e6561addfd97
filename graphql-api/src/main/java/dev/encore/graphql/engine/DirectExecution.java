package dev.encore.graphql.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import dev.encore.graphql.security.Caller;
import dev.encore.graphql.security.Callers;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.TrivialDataFetcher;
import graphql.execution.ExecutionId;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;
import io.smallrye.graphql.execution.error.ExceptionHandler;
import io.smallrye.graphql.schema.model.Argument;
import io.smallrye.graphql.schema.model.Execute;
import io.smallrye.graphql.schema.model.Operation;
import io.smallrye.graphql.schema.model.Reference;
import io.smallrye.graphql.schema.model.ReferenceType;
import io.smallrye.graphql.schema.model.Schema;
import io.smallrye.graphql.schema.model.Type;
import io.smallrye.graphql.schema.model.Wrapper;
import io.smallrye.mutiny.Uni;
import org.dataloader.BatchLoaderWithContext;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderOptions;
import org.dataloader.DataLoaderRegistry;

/**
 * Runs queries with graphql-java directly, on the schema SmallRye built, for the documents whose every field has a
 * data fetcher of ours ({@link #covers}); everything else (mutations, federation's {@code _entities}, fields SmallRye
 * must transform or adapt, subscriptions) still runs through SmallRye's {@code ExecutionService}.
 *
 * <p>Why: SmallRye's data fetchers, for every field of every response, clone its context and compute the field's
 * selection as a JSON tree ({@code SmallRyeContextManager.populateFromDataFetchingEnvironment}, which also makes
 * graphql-java build the whole normalized operation), look their bean up in CDI, hop to a worker thread for every
 * asynchronous field, and each request gets a new {@code DataLoaderRegistry} with new batch loaders for every batched
 * field of the schema. In a JFR profile of the cached {@code song(id)} that was most of the GraphQL layer's
 * allocation. None of it has a switch (see the README, "Where SmallRye is in the way").
 *
 * <p>What the fetchers here do instead, with the same outcome:
 * <ul>
 *   <li>a plain property (a record component or getter SmallRye would neither transform nor adapt): the accessor,
 *       called directly;</li>
 *   <li>a root query or {@code @Source} field whose arguments are strings, integers or booleans: the CDI bean,
 *       looked up once at startup (its client proxy, so interceptors such as {@code @RequiresRole}'s still run),
 *       invoked with the caller set for {@code Callers.current()}; a {@code Uni} answer is subscribed on the calling
 *       thread;</li>
 *   <li>a batched field ({@code @Source List<...>}): one {@code DataLoader} per field per request, created when the
 *       field is first fetched, so graphql-java still dispatches one call per field per level.</li>
 * </ul>
 * Errors go through SmallRye's own {@code ExceptionHandler}, so they reach {@code GraphqlErrors} as they did.
 */
final class DirectExecution {

    private static final System.Logger LOG = System.getLogger(DirectExecution.class.getName());

    /** Where {@link GraphqlEngine} puts the prepared document for the provider below. */
    static final String DOCUMENT_KEY = DirectExecution.class.getName() + ".document";

    private static final Set<String> PLAIN_SCALARS = Set.of("java.lang.String", "java.lang.Integer", "int",
            "java.lang.Boolean", "boolean", "java.lang.Long", "long", "java.lang.Double", "double");

    /** SmallRye's options for a batched field without arguments: the defaults (batching and caching per request). */
    private static final DataLoaderOptions LOADER_OPTIONS = DataLoaderOptions.newOptions();

    private static final Set<String> ASYNC_WRAPPERS = Set.of(Uni.class.getName(), CompletionStage.class.getName(),
            CompletableFuture.class.getName());

    private final GraphQLSchema schema;
    private final GraphQL graphQL;
    private final Set<FieldCoordinates> direct = new HashSet<>();
    private final AtomicLong executions = new AtomicLong();
    /** graphql-java's default id is a random UUID per request (SecureRandom); a counter is enough for a log. */
    private final String executionPrefix = "direct-" + Integer.toHexString(System.identityHashCode(this)) + "-";

    /**
     * @param schema the schema SmallRye built (its code registry holds SmallRye's fetchers)
     * @param model  SmallRye's model of the API, from which the schema was built
     * @param beans  the CDI bean of a resolver class
     */
    DirectExecution(GraphQLSchema schema, Schema model, Function<Class<?>, Object> beans) {
        GraphQLCodeRegistry.Builder registry = GraphQLCodeRegistry.newCodeRegistry(schema.getCodeRegistry());
        Map<FieldCoordinates, DataFetcher<?>> fetchers = new HashMap<>();
        List<String> skipped = new ArrayList<>();
        for (Type type : model.getTypes().values()) {
            for (io.smallrye.graphql.schema.model.Field field : type.getFields().values()) {
                FieldCoordinates at = FieldCoordinates.coordinates(type.getName(), field.getName());
                DataFetcher<?> fetcher = propertyFetcher(type, field);
                add(fetchers, skipped, at, fetcher);
            }
            for (Operation operation : type.getOperations().values()) {
                add(fetchers, skipped, FieldCoordinates.coordinates(type.getName(), operation.getName()),
                        operationFetcher(operation, beans));
            }
            for (Operation operation : type.getBatchOperations().values()) {
                FieldCoordinates at = FieldCoordinates.coordinates(type.getName(), operation.getName());
                add(fetchers, skipped, at, batchFetcher(at, operation, beans));
            }
        }
        String query = schema.getQueryType().getName();
        for (Operation operation : model.getQueries()) {
            add(fetchers, skipped, FieldCoordinates.coordinates(query, operation.getName()),
                    operationFetcher(operation, beans));
        }
        fetchers.forEach((at, fetcher) -> {
            // Only where the schema has that field (a model type may be input-only, or renamed).
            GraphQLType type = schema.getType(at.getTypeName());
            if (type instanceof GraphQLObjectType object && object.getFieldDefinition(at.getFieldName()) != null) {
                registry.dataFetcher(at, fetcher);
                direct.add(at);
            }
        });
        if (io.smallrye.graphql.spi.config.Config.FIELD_VISIBILITY_DEFAULT.equals(
                io.smallrye.graphql.spi.config.Config.get().getFieldVisibility())) {
            // SmallRye turns its default visibility setting ("default") into graphql-java's BlockedFields with the
            // one pattern "default", so every field lookup of every request runs a regex that can never match
            // ("Type.field" is never "default"): 2% of the bytes a request allocated. Same visibility, no regex.
            registry.fieldVisibility(DefaultGraphqlFieldVisibility.DEFAULT_FIELD_VISIBILITY);
        }
        LOG.log(System.Logger.Level.INFO, () -> "Direct data fetchers for " + direct.size()
                + " fields; through SmallRye: " + skipped);
        this.schema = schema.transform(builder -> builder.codeRegistry(registry.build()));
        this.graphQL = GraphQL.newGraphQL(this.schema)
                .defaultDataFetcherExceptionHandler(new ExceptionHandler())
                // The document prepare() parsed and validated, handed over in the context: no lookup, no parse.
                .preparsedDocumentProvider((input, parseAndValidate) -> {
                    PreparsedDocumentEntry entry = input.getGraphQLContext().get(DOCUMENT_KEY);
                    return CompletableFuture.completedFuture(entry != null ? entry : parseAndValidate.apply(input));
                })
                .build();
    }

    private static void add(Map<FieldCoordinates, DataFetcher<?>> fetchers, List<String> skipped,
                            FieldCoordinates at, DataFetcher<?> fetcher) {
        if (fetcher == null) {
            skipped.add(at.toString());
        } else {
            fetchers.put(at, fetcher);
        }
    }

    /** Whether every field the operation may select has a fetcher of ours (a query only; checked once per document). */
    boolean covers(Document document, OperationDefinition operation) {
        if (operation.getOperation() != OperationDefinition.Operation.QUERY) {
            return false;
        }
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        for (FragmentDefinition fragment : document.getDefinitionsOfType(FragmentDefinition.class)) {
            fragments.put(fragment.getName(), fragment);
        }
        return covers(schema.getQueryType(), operation.getSelectionSet(), fragments, new HashSet<>());
    }

    private boolean covers(GraphQLType parent, SelectionSet selections, Map<String, FragmentDefinition> fragments,
                           Set<String> spreading) {
        if (selections == null) {
            return true;
        }
        for (Selection<?> selection : selections.getSelections()) {
            if (selection instanceof Field field) {
                if (field.getName().startsWith("__")) {
                    continue; // __typename and introspection: graphql-java's own fetchers either way
                }
                if (!(parent instanceof GraphQLObjectType object)) {
                    return false; // an interface's or union's field: its fetcher depends on the object type
                }
                GraphQLFieldDefinition definition = object.getFieldDefinition(field.getName());
                if (definition == null
                    || !direct.contains(FieldCoordinates.coordinates(object.getName(), field.getName()))) {
                    return false;
                }
                if (!covers(GraphQLTypeUtil.unwrapAll(definition.getType()), field.getSelectionSet(), fragments,
                        spreading)) {
                    return false;
                }
            } else if (selection instanceof InlineFragment inline) {
                GraphQLType on = inline.getTypeCondition() == null ? parent
                        : schema.getType(inline.getTypeCondition().getName());
                if (!covers(on, inline.getSelectionSet(), fragments, spreading)) {
                    return false;
                }
            } else if (selection instanceof FragmentSpread spread) {
                FragmentDefinition fragment = fragments.get(spread.getName());
                if (fragment == null || !spreading.add(spread.getName())) {
                    return false; // a cycle, which validation refuses anyway
                }
                boolean covered = covers(schema.getType(fragment.getTypeCondition().getName()),
                        fragment.getSelectionSet(), fragments, spreading);
                spreading.remove(spread.getName());
                if (!covered) {
                    return false;
                }
            }
        }
        return true;
    }

    CompletableFuture<ExecutionResult> execute(ExecutionInput input) {
        return graphQL.executeAsync(input);
    }

    /** An execution input for a document {@code prepare} accepted, with a fresh (lazily filled) loader registry. */
    ExecutionInput input(GraphqlRequest request, PreparsedDocumentEntry document, Map<String, Object> variables,
                         Map<String, Object> context) {
        ExecutionInput input = ExecutionInput.newExecutionInput()
                .query(request.query())
                .operationName(request.operationName())
                .variables(variables)
                .dataLoaderRegistry(new DataLoaderRegistry())
                // Given here: without one, graphql-java copies the whole input to add it.
                .executionId(ExecutionId.from(executionPrefix + executions.incrementAndGet()))
                .build();
        input.getGraphQLContext().putAll(context);
        input.getGraphQLContext().put(DOCUMENT_KEY, document);
        return input;
    }

    // ---- plain properties

    private static DataFetcher<?> propertyFetcher(Type type, io.smallrye.graphql.schema.model.Field field) {
        if (!plainOutput(field)) {
            return null;
        }
        try {
            Class<?> owner = Class.forName(type.getClassName(), false, DirectExecution.class.getClassLoader());
            if (field.getMethodName() != null) {
                Method accessor = owner.getMethod(field.getMethodName());
                if (accessor.getParameterCount() != 0 || !Modifier.isPublic(owner.getModifiers())) {
                    return null;
                }
                return (TrivialDataFetcher<Object>) environment -> {
                    Object source = environment.getSource();
                    return source == null ? null : invoke(accessor, source);
                };
            }
            java.lang.reflect.Field javaField = owner.getField(field.getPropertyName());
            if (!Modifier.isPublic(owner.getModifiers())) {
                return null;
            }
            return (TrivialDataFetcher<Object>) environment -> {
                Object source = environment.getSource();
                return source == null ? null : javaField.get(source);
            };
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** Whether SmallRye's fetcher would hand the value to graphql-java as it is (no transformation, no adapter). */
    private static boolean plainOutput(io.smallrye.graphql.schema.model.Field field) {
        Reference reference = field.getReference();
        if (field.hasTransformation() || field.isAdaptingWith() || field.isAdaptingTo()
            || reference.isAdaptingWith() || reference.isAdaptingTo()) {
            return false;
        }
        for (Wrapper wrapper = field.getWrapper(); wrapper != null; wrapper = wrapper.getWrapper()) {
            if (ASYNC_WRAPPERS.contains(wrapper.getWrapperClassName())) {
                continue; // a Uni or a future of the value: unwrapped by graphql-java (a Uni made a future here)
            }
            if (!wrapper.isCollection() || wrapper.isArray() || wrapper.isMap()) {
                return false;
            }
        }
        return switch (reference.getType()) {
            case TYPE, ENUM -> true;
            case SCALAR -> PLAIN_SCALARS.contains(reference.getClassName())
                           && boxed(reference.getClassName()).equals(boxed(reference.getGraphQLClassName()));
            default -> false;
        };
    }

    private static String boxed(String className) {
        return switch (className == null ? "" : className) {
            case "int" -> "java.lang.Integer";
            case "boolean" -> "java.lang.Boolean";
            case "long" -> "java.lang.Long";
            case "double" -> "java.lang.Double";
            default -> String.valueOf(className);
        };
    }

    // ---- resolvers (root queries and @Source fields)

    /** How a resolver parameter is filled: the source object, or an argument of a plain type. */
    private record Parameter(String argument, Class<?> type) {
        boolean isSource() {
            return argument == null;
        }

        Object from(DataFetchingEnvironment environment) {
            if (isSource()) {
                return environment.getSource();
            }
            Object value = environment.getArgument(argument);
            if (value == null) {
                return null;
            }
            if (type == String.class) {
                return value.toString();
            }
            if (type == Integer.class || type == int.class) {
                return ((Number) value).intValue();
            }
            if (type == Boolean.class || type == boolean.class) {
                return value;
            }
            throw new IllegalStateException("Unexpected argument type " + type);
        }
    }

    private static DataFetcher<?> operationFetcher(Operation operation, Function<Class<?>, Object> beans) {
        Method method = resolverMethod(operation);
        List<Parameter> parameters = method == null ? null : parameters(operation, method);
        if (parameters == null) {
            return null;
        }
        Object bean = beans.apply(method.getDeclaringClass());
        Parameter[] plan = parameters.toArray(Parameter[]::new);
        return environment -> {
            Object[] arguments = new Object[plan.length];
            for (int i = 0; i < plan.length; i++) {
                arguments[i] = plan[i].from(environment);
            }
            Caller caller = environment.getGraphQlContext().get(Callers.CONTEXT_KEY);
            // Subscribed while the caller is set: a Uni that reads it when subscribed sees it too.
            return Callers.resolvingAs(caller, () -> async(invoke(method, bean, arguments)));
        };
    }

    private static DataFetcher<?> batchFetcher(FieldCoordinates at, Operation operation,
                                               Function<Class<?>, Object> beans) {
        Method method = resolverMethod(operation);
        if (method == null || method.getParameterCount() != 1 || operation.getArguments().size() != 1
            || !operation.getArguments().get(0).isSourceArgument() || method.getParameterTypes()[0] != List.class) {
            return null;
        }
        Object bean = beans.apply(method.getDeclaringClass());
        String name = "encore.direct:" + at;
        // One loader function per field for the replica's life; the caller travels as each key's context.
        BatchLoaderWithContext<Object, Object> load = (sources, batch) -> {
            List<Object> callers = batch.getKeyContextsList();
            Caller caller = callers.isEmpty() ? null : (Caller) callers.get(0);
            try {
                @SuppressWarnings("unchecked")
                CompletionStage<List<Object>> answer = (CompletionStage<List<Object>>) Callers.resolvingAs(caller,
                        () -> async(invoke(method, bean, new Object[] {sources})));
                return answer;
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        };
        return environment -> {
            Caller caller = environment.getGraphQlContext().get(Callers.CONTEXT_KEY);
            DataLoader<Object, Object> loader = environment.getDataLoaderRegistry().computeIfAbsent(name, key ->
                    DataLoaderFactory.newDataLoader(load, LOADER_OPTIONS));
            return loader.load(environment.getSource(), caller == null ? Caller.ANONYMOUS : caller);
        };
    }

    /** The resolver's Java method, when SmallRye would call it as it is (no worker thread, no output conversion). */
    private static Method resolverMethod(Operation operation) {
        if (operation.getExecute() != null && operation.getExecute() != Execute.DEFAULT) {
            return null;
        }
        if (!plainOutput(operation)) {
            return null;
        }
        try {
            Class<?> owner = Class.forName(operation.getClassName(), false, DirectExecution.class.getClassLoader());
            Method found = null;
            for (Method method : owner.getMethods()) {
                if (method.getName().equals(operation.getMethodName())
                    && method.getParameterCount() == operation.getArguments().size()) {
                    if (found != null) {
                        return null; // overloaded: leave it to SmallRye
                    }
                    found = method;
                }
            }
            if (found == null) {
                return null;
            }
            Class<?> result = found.getReturnType();
            boolean async = Uni.class.isAssignableFrom(result) || CompletionStage.class.isAssignableFrom(result);
            boolean blockingish = org.reactivestreams.Publisher.class.isAssignableFrom(result)
                                  || java.util.concurrent.Flow.Publisher.class.isAssignableFrom(result)
                                  || io.smallrye.mutiny.Multi.class.isAssignableFrom(result);
            return blockingish || (!async && result == void.class) ? null : found;
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static List<Parameter> parameters(Operation operation, Method method) {
        List<Parameter> parameters = new ArrayList<>();
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            Argument argument = operation.getArguments().get(i);
            if (argument.isSourceArgument()) {
                if (argument.hasWrapper()) {
                    return null; // a batch source is a list: batchFetcher's
                }
                parameters.add(new Parameter(null, types[i]));
                continue;
            }
            Class<?> type = types[i];
            boolean plain = type == String.class || type == Integer.class || type == Boolean.class
                            || ((type == int.class || type == boolean.class) && argument.isNotNull());
            if (!plain || argument.hasWrapper() || argument.hasTransformation() || argument.isAdaptingWith()
                || argument.isAdaptingTo() || argument.getReference().isAdaptingWith()
                || argument.getReference().isAdaptingTo()
                || argument.getReference().getType() != ReferenceType.SCALAR) {
                return null;
            }
            parameters.add(new Parameter(argument.getName(), type));
        }
        return parameters;
    }

    private static Object async(Object result) {
        if (result instanceof Uni<?> uni) {
            return uni.subscribeAsCompletionStage();
        }
        return result;
    }

    private static Object invoke(Method method, Object target, Object... arguments) throws Exception {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
