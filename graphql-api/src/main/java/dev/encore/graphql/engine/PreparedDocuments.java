package dev.encore.graphql.engine;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import io.smallrye.graphql.execution.QueryCache;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Documents parsed and validated once, keyed by query text and operation name, for both our checks
 * ({@link GraphqlEngine#prepare}) and SmallRye's execution: {@link #forSmallRye()} hands the same entries to
 * graphql-java as its {@code PreparsedDocumentProvider}, so a document is parsed once and validated once in its life
 * in this replica, not once by us and again (on a miss, twice more) by SmallRye's own {@code QueryCache}.
 *
 * <p>Bounded by {@code graphql.documents.max-entries} (Caffeine: past it, the entries least likely to be used again
 * go first). {@code /metrics}: {@code encore_graphql_documents_total{result=hit|miss}},
 * {@code encore_graphql_documents_evictions_total} and the gauge {@code encore_graphql_documents_size}.
 */
final class PreparedDocuments {

    /** What a document is cached under: graphql-java's {@code ExecutionInput} carries the same two. */
    record Key(String query, String operationName) {
    }

    /**
     * A parsed document, the operation the key's name selects, graphql-java's validation errors (empty when valid),
     * and whether its answer may be shared by everyone ({@link PublicOperations}).
     */
    record Entry(Document document, OperationDefinition operation, List<ValidationError> validationErrors,
                 PreparsedDocumentEntry executable, boolean isPublic, boolean direct, boolean withinLimits) {

        /**
         * {@code direct}: whether {@link DirectExecution} runs it (every field it selects has a fetcher of ours);
         * {@code withinLimits}: whether it is within the {@link QueryLimits} whatever its variables (no page size
         * comes from one), so they need no check again.
         */
        static Entry of(GraphQLSchema schema, Document document, OperationDefinition operation,
                        List<ValidationError> validationErrors, DirectExecution direct, boolean withinLimits) {
            boolean valid = validationErrors.isEmpty();
            return new Entry(document, operation, List.copyOf(validationErrors), new PreparsedDocumentEntry(document),
                    valid && PublicOperations.isPublic(schema, document, operation),
                    valid && direct != null && direct.covers(document, operation), withinLimits);
        }

        boolean valid() {
            return validationErrors.isEmpty();
        }
    }

    private final Cache<Key, Entry> cache;
    private final Counter hits;
    private final Counter misses;
    private final SharedQueryCache forSmallRye = new SharedQueryCache();

    PreparedDocuments(int maxEntries, MetricRegistry metrics) {
        Counter evictions = metrics.counter("encore.graphql.documents.evictions");
        cache = Caffeine.newBuilder().maximumSize(maxEntries)
                .<Key, Entry>removalListener((key, entry, cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.inc();
                    }
                })
                .build();
        hits = metrics.counter("encore.graphql.documents", new Tag("result", "hit"));
        misses = metrics.counter("encore.graphql.documents", new Tag("result", "miss"));
        metrics.gauge("encore.graphql.documents.size", cache, Cache::estimatedSize);
    }

    /** The entry for this request, or {@code null} (counted as a hit or a miss). */
    Entry get(Key key) {
        Entry entry = cache.getIfPresent(key);
        (entry == null ? misses : hits).inc();
        return entry;
    }

    /** The entry for a request {@code prepare} has just looked up (not counted again). */
    Entry peek(Key key) {
        return cache.getIfPresent(key);
    }

    void put(Key key, Entry entry) {
        cache.put(key, entry);
    }

    /** The provider SmallRye's {@code ExecutionService} must use in place of its own (see {@link GraphqlEngine}). */
    QueryCache forSmallRye() {
        return forSmallRye;
    }

    /**
     * SmallRye asks its {@code QueryCache} twice per request (once to learn the operation types, once as graphql-java's
     * document provider): both get our entry. Only valid documents are handed over: an invalid one never reaches
     * execution ({@code prepare} answers graphql-java's validation errors itself), and SmallRye would read a cached
     * entry with errors as "Unparseable input document".
     */
    private final class SharedQueryCache extends QueryCache {

        @Override
        public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
                Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
            Entry entry = cache.getIfPresent(new Key(input.getQuery(), input.getOperationName()));
            if (entry != null && entry.valid()) {
                return CompletableFuture.completedFuture(entry.executable());
            }
            // Not through prepare (nothing does that today): graphql-java parses and validates it, uncached.
            return CompletableFuture.completedFuture(parseAndValidate.apply(input));
        }
    }
}
