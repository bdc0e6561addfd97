package dev.encore.graphql.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.encore.graphql.error.ErrorCode;
import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.GraphQLError;
import graphql.ParseAndValidate;
import graphql.execution.NonNullableFieldWasNullError;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.schema.GraphQLSchema;
import io.smallrye.graphql.cdi.producer.GraphQLProducer;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.smallrye.graphql.execution.ExecutionService;
import io.smallrye.graphql.execution.SchemaPrinter;
import io.smallrye.graphql.schema.SchemaBuilder;
import io.smallrye.graphql.schema.model.Schema;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.jboss.jandex.IndexReader;
import org.jboss.jandex.IndexView;

/**
 * SmallRye GraphQL hosted in Helidon: builds the schema at startup from this module's Jandex index (the annotated
 * {@code @GraphQLApi} beans), and runs requests through SmallRye's {@link ExecutionService}, or, for a query whose
 * every field has a plain fetcher, on graphql-java directly ({@link DirectExecution}). Transport-neutral: the
 * HTTP resource and our own WebSocket transport ({@code subscription/GraphqlWsConnection}) both go through
 * {@link #prepare} and then execute here, so both get the same limits and error codes. SmallRye's WebSocket protocol
 * handlers are not used: they call {@code ExecutionService} directly, past every check of {@link #prepare} (the
 * connection's class comment lists what else they lack).
 *
 * <p>Before a document runs it is parsed once here for the checks SmallRye does not do: the document size, which
 * operation the request selects (its type, so a transport can refuse a mutation over GET), the variable values
 * ({@link VariableCheck}), the {@link QueryLimits} and the introspection switch.
 */
@ApplicationScoped
public class GraphqlEngine {

    @Inject
    GraphQLProducer producer;

    @Inject
    @ConfigProperty(name = "graphql.limits.max-document-length")
    int maxDocumentLength;

    @Inject
    @ConfigProperty(name = "graphql.limits.max-depth")
    int maxDepth;

    @Inject
    @ConfigProperty(name = "graphql.limits.max-complexity")
    int maxComplexity;

    @Inject
    @ConfigProperty(name = "graphql.limits.max-aliases")
    int maxAliases;

    @Inject
    @ConfigProperty(name = "graphql.limits.default-list-size")
    int defaultListSize;

    @Inject
    @ConfigProperty(name = "graphql.limits.max-fields")
    int maxFields;

    @Inject
    @ConfigProperty(name = "graphql.limits.max-fragment-spreads")
    int maxFragmentSpreads;

    @Inject
    @ConfigProperty(name = "graphql.limits.max-introspection-depth")
    int maxIntrospectionDepth;

    @Inject
    @ConfigProperty(name = "graphql.limits.max-json-depth")
    int maxJsonDepth;

    @Inject
    @ConfigProperty(name = "graphql.introspection.enabled")
    boolean introspection;

    @Inject
    @ConfigProperty(name = "smallrye.graphql.federation.enabled")
    boolean federation;

    /** Bounded by entries (the document length is capped separately). */
    @Inject
    @ConfigProperty(name = "graphql.documents.max-entries")
    int maxDocuments;

    @Inject
    MetricRegistry metrics;

    private PreparedDocuments documents;
    private DirectExecution direct;
    private org.eclipse.microprofile.metrics.Counter directExecutions;
    private org.eclipse.microprofile.metrics.Counter smallRyeExecutions;
    private GraphQLSchema schema;
    private ExecutionService executionService;
    private QueryLimits limits;
    private VariableCheck variableCheck;
    private String sdl;

    @PostConstruct
    void start() {
        // SmallRye's schema builder reads this one switch from a system property only (not MicroProfile Config).
        System.setProperty("smallrye.graphql.federation.enabled", String.valueOf(federation));
        Schema model = SchemaBuilder.build(withFederationDirectives(ownIndex()));
        schema = producer.initialize(model);
        executionService = jakarta.enterprise.inject.spi.CDI.current().select(ExecutionService.class).get();
        documents = new PreparedDocuments(maxDocuments, metrics);
        direct = new DirectExecution(schema, model,
                type -> jakarta.enterprise.inject.spi.CDI.current().select(type).get());
        directExecutions = metrics.counter("encore.graphql.executions",
                new org.eclipse.microprofile.metrics.Tag("engine", "direct"));
        smallRyeExecutions = metrics.counter("encore.graphql.executions",
                new org.eclipse.microprofile.metrics.Tag("engine", "smallrye"));
        shareDocumentsWith(executionService, documents);
        variableCheck = new VariableCheck(schema);
        limits = new QueryLimits(maxDepth, maxComplexity, maxAliases, defaultListSize, introspection, maxFields,
                maxFragmentSpreads, maxIntrospectionDepth);
        sdl = new SchemaPrinter().print(schema);
    }

    /**
     * Makes SmallRye's {@code ExecutionService} take its documents from ours. It keeps its own {@code QueryCache}
     * (a 2,048-entry LRU keyed by query text alone) in a private final field with no way to configure or replace it
     * (no constructor argument, no SPI: an {@code EventingService} can swap graphql-java's document provider, but
     * SmallRye's context still asks the private cache, which then never fills and parses every request), so this sets
     * the field. Done before the first request: SmallRye builds its {@code GraphQL} instance, with the cache as
     * document provider and instrumentation, on first use. Fails startup loudly if a SmallRye upgrade renames it.
     * SmallRye's cache came with https://github.com/smallrye/smallrye-graphql/pull/193 (issue #187) and has had no
     * extension point since; graphql-java may ship a caching provider of its own (graphql-java#4107, PR #4121).
     */
    private static void shareDocumentsWith(ExecutionService executionService, PreparedDocuments documents) {
        try {
            Field queryCache = ExecutionService.class.getDeclaredField("queryCache");
            queryCache.setAccessible(true);
            queryCache.set(executionService, documents.forSmallRye());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot hand the prepared documents to SmallRye's ExecutionService "
                                            + "(its private 'queryCache' field changed?)", e);
        }
    }

    /** Builds the schema while the server starts, so a broken API class fails startup, not the first request. */
    void buildAtStartup(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        // Observing instantiated this bean; @PostConstruct built the schema.
    }

    /** The schema in SDL, as committed in {@code schema.graphql}. */
    public String sdl() {
        return sdl;
    }

    public GraphQLSchema schema() {
        return schema;
    }

    public boolean introspectionEnabled() {
        return introspection;
    }

    /**
     * Reads a request's JSON (a POST body, a GET parameter, a WebSocket message) no deeper than
     * {@code graphql.limits.max-json-depth}: nesting costs stack in every recursive reader and checker after this one.
     *
     * @throws RequestJson.TooDeepException when it is nested deeper
     * @throws jakarta.json.JsonException   when it is not JSON
     */
    public jakarta.json.JsonValue readJson(String text) {
        return RequestJson.read(text, maxJsonDepth);
    }

    /**
     * Parses and checks a request without running it.
     *
     * @return the operation type the request selects, or an error answer when the document is not acceptable
     */
    public Prepared prepare(GraphqlRequest request) {
        if (request.query() == null) {
            return Prepared.refused(ErrorCode.BAD_REQUEST, "The request has no 'query'.");
        }
        if (request.query().length() > maxDocumentLength) {
            return Prepared.refused(ErrorCode.GRAPHQL_VALIDATION_FAILED, "The document is " + request.query().length()
                    + " characters long; the limit is " + maxDocumentLength + ".");
        }
        PreparedDocuments.Key key = new PreparedDocuments.Key(request.query(), request.operationName());
        PreparedDocuments.Entry entry = documents.get(key);
        Document document;
        OperationDefinition operation;
        if (entry != null) {
            document = entry.document();
            operation = entry.operation();
        } else {
            try {
                document = Parser.parse(ParserEnvironment.newParserEnvironment()
                        .document(request.query())
                        .parserOptions(ParserOptions.newParserOptions().maxCharacters(maxDocumentLength).build())
                        .build());
            } catch (InvalidSyntaxException e) {
                return Prepared.refused(ErrorCode.GRAPHQL_PARSE_FAILED, e.getMessage());
            }
            List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
            operation = select(operations, request.operationName());
            if (operation == null) {
                // graphql-java would throw UnknownOperationException out of execution, which SmallRye turns into a
                // failed answer (a 500): the client's mistake, so refuse it here as the request error it is.
                return Prepared.refused(ErrorCode.OPERATION_RESOLUTION_FAILURE,
                        unresolvedOperation(operations, request.operationName()));
            }
        }
        String badVariable = variableCheck.check(operation, request.variableValues());
        if (badVariable != null) {
            return Prepared.refused(ErrorCode.BAD_USER_INPUT, badVariable);
        }
        // Before graphql-java validates the document: validation only sees what is within the limits (some validation
        // rules cost far more than one walk on an abusive document). Checked again per request only when a variable
        // went into the counts (a page size, first: $n).
        boolean withinLimits = entry != null && entry.withinLimits();
        if (!withinLimits) {
            QueryLimits.Verdict verdict = limits.verdict(schema, document, operation, request.variableValues());
            if (verdict.refusal() != null) {
                return Prepared.refused(ErrorCode.GRAPHQL_VALIDATION_FAILED, verdict.refusal());
            }
            withinLimits = verdict.variableFree();
        }
        if (entry == null) {
            // The one validation of this document here; execution then takes the entry as it is (PreparedDocuments).
            entry = PreparedDocuments.Entry.of(schema, document, operation,
                    ParseAndValidate.validate(schema, document, Locale.getDefault()), direct, withinLimits);
            documents.put(key, entry);
        }
        if (!entry.valid()) {
            // What graphql-java answers for an invalid document, without running anything.
            List<GraphQLError> errors = List.copyOf(entry.validationErrors());
            return new Prepared(operation.getOperation(), result(ExecutionResultImpl.newExecutionResult()
                    .errors(errors).build()), false);
        }
        return new Prepared(operation.getOperation(), null, entry.isPublic());
    }

    private static String unresolvedOperation(List<OperationDefinition> operations, String name) {
        if (operations.isEmpty()) {
            return "The document has no operation to run.";
        }
        String names = operations.stream().map(op -> op.getName() == null ? "(anonymous)" : op.getName())
                .collect(java.util.stream.Collectors.joining(", "));
        if (name == null) {
            return "The document has " + operations.size() + " operations (" + names
                   + "); name the one to run in operationName.";
        }
        return "The document has no operation named '" + name + "'; its operations are: " + names + ".";
    }

    private static OperationDefinition select(List<OperationDefinition> operations, String name) {
        if (name == null) {
            return operations.size() == 1 ? operations.get(0) : null;
        }
        return operations.stream().filter(op -> name.equals(op.getName())).findFirst().orElse(null);
    }

    /**
     * Runs a request that {@link #prepare} accepted.
     *
     * @param context the execution context; transports put the caller in it ({@code Callers.context(caller)})
     */
    public CompletionStage<Result> execute(GraphqlRequest request, Map<String, Object> context) {
        PreparedDocuments.Entry entry = request.query() == null ? null
                : documents.peek(new PreparedDocuments.Key(request.query(), request.operationName()));
        if (entry != null && entry.direct()) {
            directExecutions.inc();
            // Variables converted as SmallRye converts them (numbers as BigDecimal), so graphql-java coerces the same.
            Map<String, Object> variables = request.variables() == null ? Map.of()
                    : io.smallrye.graphql.api.Context.VariablesParser.toMap(request.variables()).orElse(Map.of());
            return direct.execute(direct.input(request, entry.executable(), variables, context))
                    .thenApply(GraphqlEngine::result);
        }
        smallRyeExecutions.inc();
        CompletableFuture<Result> answer = new CompletableFuture<>();
        executionService.executeAsync(request.json(), new HashMap<>(context), new ExecutionResponseWriter() {
            @Override
            public void write(ExecutionResponse response) {
                answer.complete(result(response.getExecutionResult()));
            }

            @Override
            public void fail(Throwable failure) {
                answer.completeExceptionally(failure);
            }
        });
        return answer;
    }

    /**
     * Runs a request that {@link #prepare} accepted and hands back graphql-java's result as is: for a subscription its
     * data is a {@code Publisher<ExecutionResult>}, which the WebSocket transport subscribes to.
     */
    public CompletionStage<graphql.ExecutionResult> executeRaw(GraphqlRequest request, Map<String, Object> context) {
        CompletableFuture<graphql.ExecutionResult> answer = new CompletableFuture<>();
        executionService.executeAsync(request.json(), context, new ExecutionResponseWriter() {
            @Override
            public void write(ExecutionResponse response) {
                answer.complete(response.getExecutionResult());
            }

            @Override
            public void fail(Throwable failure) {
                answer.completeExceptionally(failure);
            }
        });
        return answer;
    }

    /** One result (a query's, or one event of a subscription) as the spec's response body, with our error codes. */
    public static Result result(ExecutionResult result) {
        List<GraphQLError> errors = result.getErrors();
        // A document or variable the engine refused (an error with no path) means nothing ran for the client: answer
        // it as the request error it is, without data. graphql-java also reports that some non-null root field then
        // stayed null; with another error present that is noise, not a finding.
        boolean requestError = false;
        for (GraphQLError error : errors) {
            requestError |= GraphqlErrors.isRequestError(error);
        }
        if (errors.size() > 1) {
            errors = errors.stream().filter(error -> !(error instanceof NonNullableFieldWasNullError)).toList();
        }
        boolean dataPresent = result.isDataPresent() && !requestError;
        JsonArray errorsJson = errors.isEmpty() ? null : GraphqlErrors.toJson(errors).build();
        return new Result(ResponseJson.write(errorsJson, dataPresent, result.getData(), result.getExtensions()),
                dataPresent, errorsJson != null);
    }

    /**
     * The answer to a request whose JSON {@link #readJson} found too deep, its path read as a request body's (a GET
     * parameter's path starts with the parameter's name). A variable's value is the client's input
     * ({@code BAD_USER_INPUT}); anything else leaves no usable request ({@code BAD_REQUEST}).
     */
    public static Result tooDeep(RequestJson.TooDeepException tooDeep) {
        List<Object> path = tooDeep.path();
        String rule = " is nested too deeply: a request's JSON may nest arrays and objects " + tooDeep.limit()
                      + " levels deep at most.";
        if (path.size() > 1 && "variables".equals(path.get(0)) && path.get(1) instanceof String variable) {
            return refusal(ErrorCode.BAD_USER_INPUT, "Variable '$" + variable + "'" + rule);
        }
        if (!path.isEmpty() && path.get(0) instanceof String key) {
            return refusal(ErrorCode.BAD_REQUEST, "'" + key + "'" + rule);
        }
        return refusal(ErrorCode.BAD_REQUEST, "The request body must be a JSON object; this one is an array, and"
                                              + rule);
    }

    /** An answer for a request refused before execution: errors and no {@code data}. */
    public static Result refusal(ErrorCode code, String message) {
        JsonArrayBuilder errors = ResponseJson.JSON.createArrayBuilder().add(GraphqlErrors.requestError(code, message));
        return new Result(ResponseJson.JSON.createObjectBuilder().add("errors", errors).build());
    }

    /**
     * Adds the federation annotations the API uses ({@code Subgraph.DIRECTIVES}) to the index: the schema builder only
     * knows directives whose annotation types are in the index it is given, and this module's own index does not contain
     * the API jar's classes.
     */
    private static IndexView withFederationDirectives(IndexView own) {
        try {
            return org.jboss.jandex.CompositeIndex.create(own,
                    org.jboss.jandex.Index.of(dev.encore.graphql.federation.Subgraph.DIRECTIVES.toArray(Class<?>[]::new)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot index the federation annotations", e);
        }
    }

    private static IndexView ownIndex() {
        // Only this module's index: the classpath holds others (service-support, Mutiny) with no GraphQL API in them.
        String ownLocation = GraphqlEngine.class.getProtectionDomain().getCodeSource().getLocation().toString();
        try {
            for (URL url : Collections.list(GraphqlEngine.class.getClassLoader().getResources("META-INF/jandex.idx"))) {
                if (url.toString().contains(ownLocation.replaceFirst("^file:", ""))) {
                    try (InputStream in = url.openStream()) {
                        return new IndexReader(in).read();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Jandex index of graphql-api", e);
        }
        throw new IllegalStateException("No META-INF/jandex.idx for graphql-api at " + ownLocation
                                        + " (the jandex-maven-plugin make-index execution builds it)");
    }

    /**
     * The outcome of {@link #prepare}: the operation type the request selects, or a refusal to send as is; and whether
     * the answer is the same for every caller ({@link PublicOperations}), which lets a CDN keep it.
     */
    public record Prepared(OperationDefinition.Operation operation, Result refusal, boolean isPublic) {
        static Prepared refused(ErrorCode code, String message) {
            return new Prepared(null, GraphqlEngine.refusal(code, message), false);
        }
    }

    /**
     * The response body, and whether it has a {@code data} entry: without one the request failed before execution,
     * which the GraphQL-over-HTTP spec answers with a 4xx status under {@code application/graphql-response+json}.
     * An executed request's body exists as bytes only (written straight from graphql-java's result); {@link #body()}
     * reads them into a tree for the transports that still want one.
     */
    public static final class Result {
        private final boolean dataPresent;
        private final boolean hasErrors;
        private byte[] bytes;
        private JsonObject body;

        Result(byte[] bytes, boolean dataPresent, boolean hasErrors) {
            this.bytes = bytes;
            this.dataPresent = dataPresent;
            this.hasErrors = hasErrors;
        }

        Result(JsonObject refusal) {
            this.body = refusal;
            this.dataPresent = false;
            this.hasErrors = true;
        }

        public boolean dataPresent() {
            return dataPresent;
        }

        /** Whether the body has {@code errors} (a partial answer is no answer to keep in a shared cache). */
        public boolean hasErrors() {
            return hasErrors;
        }

        /** The body as UTF-8 JSON. */
        public byte[] bytes() {
            if (bytes == null) {
                bytes = ResponseJson.write(body);
            }
            return bytes;
        }

        public JsonObject body() {
            if (body == null) {
                body = ResponseJson.read(bytes).asJsonObject();
            }
            return body;
        }
    }
}
