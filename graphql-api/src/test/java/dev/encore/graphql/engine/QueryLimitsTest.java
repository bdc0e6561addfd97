package dev.encore.graphql.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import graphql.language.Document;
import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;

/** The guard rails against the committed schema: depth, complexity from page sizes, aliases, introspection. */
class QueryLimitsTest {

    private static GraphQLSchema schema;
    private final QueryLimits limits = new QueryLimits(10, 5000, 30, 10, true);

    @BeforeAll
    static void schema() throws IOException {
        schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(
                new SchemaParser().parse(Files.readString(Path.of("schema.graphql"))));
    }

    @Test
    void theIssuesExampleIsWellWithinTheLimits() {
        assertThat(check(limits, "{ albums(first: 50) { edges { node { songs { artist { name } } } } } }", Map.of()),
                nullValue());
    }

    @Test
    void complexityGrowsWithPageSizesIncludingVariables() {
        String query = "query($n: Int) { artists(first: $n) { edges { node { albums { songs { title album { "
                       + "songs { title } } } } } } } }";
        assertThat(check(limits, query, Map.of("n", Json.createValue(1))), nullValue());
        assertThat(check(limits, query, Map.of("n", Json.createValue(100))), containsString("complexity"));
    }

    @Test
    void fragmentsCountAsIfInlined() {
        String query = "{ artists(first: 100) { edges { node { ...A } } } } fragment A on Artist { albums { songs "
                       + "{ album { songs { title } } } } }";
        assertThat(check(limits, query, Map.of()), containsString("complexity"));
    }

    @Test
    void depthIsCountedThroughFragmentsButCyclesStop() {
        String deep = "{ song(id: 1) { ...A } } fragment A on Song { album { songs { ...B } } } fragment B on Song { "
                      + "album { songs { album { songs { album { songs { album { songs { title } } } } } } } } }";
        assertThat(check(limits, deep, Map.of()), containsString("deep"));
        // a fragment cycle is the validator's to report; the walk just has to end
        assertThat(check(limits, "{ song(id: 1) { ...S } } fragment S on Song { album { songs { ...S } } }",
                Map.of()), nullValue());
    }

    @Test
    void introspectionIsRefusedWhenSwitchedOffButTypenameIsNot() {
        QueryLimits closed = new QueryLimits(10, 5000, 30, 10, false);
        assertThat(check(closed, "{ __schema { types { name } } }", Map.of()), containsString("Introspection"));
        assertThat(check(closed, "{ song(id: 1) { __typename title } }", Map.of()), nullValue());
        assertThat(check(limits, "{ __schema { types { name fields { type { ofType { ofType { ofType { ofType "
                                 + "{ name } } } } } } } } }", Map.of()), nullValue());
    }

    @Test
    void aFirstThatIsNoIntIsReportedAsSuchNotCountedAsComplexity() {
        // 99999999999 would make this 10^11 fields; it is no Int at all, which is what the client needs to hear.
        assertThat(check(limits, "{ songs(first: 99999999999) { edges { node { title } } } }", Map.of()),
                org.hamcrest.Matchers.is("Argument 'first' must be an Int; got 99999999999."));
        assertThat(check(limits, "mutation { createSong(input: {artistId: 1, title: \"t\", durationMs: 2147483648})"
                                 + " { id } }", Map.of()),
                org.hamcrest.Matchers.is("Argument 'input.durationMs' must be an Int; got 2147483648."));
        // A variable's value is the VariableCheck's to judge.
        assertThat(check(limits, "query($n: Int) { songs(first: $n) { edges { node { title } } } }",
                Map.of("n", Json.createValue(99999999999L))), nullValue());
    }

    private static String check(QueryLimits limits, String query, Map<String, JsonValue> variables) {
        Document document = Parser.parse(query);
        OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).get(0);
        return limits.check(schema, document.getDefinitionsOfType(FragmentDefinition.class),
                operation.getSelectionSet(), operation.getOperation() == OperationDefinition.Operation.MUTATION
                        ? schema.getMutationType() : schema.getQueryType(), variables);
    }
}
