package dev.encore.graphql.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.encore.graphql.HostileDocuments.fragmentBomb;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * The guard rails against the committed schema: depth, complexity from page sizes, aliases, fragment spreads and fields
 * once fragments are expanded (fragment bombs), introspection.
 */
class QueryLimitsTest {

    private static GraphQLSchema schema;
    private final QueryLimits limits = new QueryLimits(10, 5000, 30, 10, true, 2000, 100, 20);

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
    void aVerdictIsKeptForTheDocumentOnlyWhenNoVariableWentIntoIt() {
        String paged = "query($n: Int) { artists(first: $n) { edges { node { name } } } }";
        String byId = "query($id: ID!) { song(id: $id) { title artist { name } album { title } } }";
        assertThat(verdict(paged, Map.of("n", Json.createValue(1))).variableFree(), is(false));
        assertThat(verdict(byId, Map.of("id", Json.createValue("x"))).variableFree(), is(true));
        assertThat(verdict("{ artists(first: 5) { totalCount } }", Map.of()).variableFree(), is(true));
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
        QueryLimits closed = new QueryLimits(10, 5000, 30, 10, false, 2000, 100, 20);
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

    @Test
    @Timeout(60) // a hang guard, not a speed target: expanding even 40 levels would take days
    void aFragmentBombIsCountedWithoutExpandingIt() {
        // 10 levels (1,027 fields) are within the field limit, and refused for their complexity.
        assertThat(check(limits, fragmentBomb(10), Map.of()), containsString("complexity is 10261"));
        // Past 49 levels the document has more spreads than allowed, which is checked before any walk; with that
        // cap raised, the walk itself still counts 60 levels exactly.
        QueryLimits manySpreads = new QueryLimits(10, 5000, 30, 10, true, 2000, 1000, 20);
        for (int levels = 11; levels <= 60; levels++) {
            // songs, edges, node and 2^levels titles
            long fields = 3 + (1L << levels);
            assertThat(check(manySpreads, fragmentBomb(levels), Map.of()),
                    is("The query selects " + fields + " fields once its fragments are expanded; the limit is 2000."));
        }
        assertThat(check(limits, fragmentBomb(60), Map.of()),
                is("The document has 121 fragment spreads; the limit is 100."));
    }

    @Test
    void fragmentsCostExactlyWhatTheirInlinedTextCosts() {
        // Tiny limits, so each message states the measure it counted.
        QueryLimits counting = new QueryLimits(1, 1, 0, 10, true, 1, 100, 20);
        QueryLimits onlyComplexity = new QueryLimits(99, 1, 99, 10, true, 9999, 100, 20);
        QueryLimits onlyAliases = new QueryLimits(99, 99999, 0, 10, true, 9999, 100, 20);
        QueryLimits onlyDepth = new QueryLimits(1, 99999, 99, 10, true, 9999, 100, 20);
        String[][] pairs = {
            // a fragment used both right under a page (edges are covered by first) and elsewhere
            {"{ artists(first: 5) { ...Conn } a: artists { ...Conn } } fragment Conn on ArtistConnection { "
             + "edges { node { n: name albums { ...Album } } } } fragment Album on Album { title songs { title } }",
             "{ artists(first: 5) { edges { node { n: name albums { title songs { title } } } } } a: artists { "
             + "edges { node { n: name albums { title songs { title } } } } } }"},
            {"{ song(id: 1) { ...S ... on Song { ...S } } } fragment S on Song { album { songs { x: title } } }",
             "{ song(id: 1) { album { songs { x: title } } ... on Song { album { songs { x: title } } } } }"},
        };
        for (String[] pair : pairs) {
            for (QueryLimits limit : new QueryLimits[] {counting, onlyComplexity, onlyAliases, onlyDepth}) {
                assertThat(pair[0], check(limit, pair[0], Map.of()), is(check(limit, pair[1], Map.of())));
            }
        }
    }

    @Test
    void fragmentSpreadsAreCappedAsWritten() {
        StringBuilder query = new StringBuilder("{ song(id: 1) {");
        for (int i = 0; i < 101; i++) {
            query.append(" ...S");
        }
        query.append(" } } fragment S on Song { title }");
        assertThat(check(limits, query.toString(), Map.of()), is("The document has 101 fragment spreads; the limit "
                                                                 + "is 100."));
    }

    @Test
    void graphiqlsIntrospectionQueryIsWithinEveryLimit() throws IOException {
        String graphiql;
        try (var in = QueryLimitsTest.class.getResourceAsStream("/graphiql-introspection.graphql")) {
            graphiql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(check(limits, graphiql, Map.of()), nullValue());
        // It is 15 levels deep (a 9-level ofType chain under __schema.types.fields.args.type) and selects 223 fields.
        assertThat(check(new QueryLimits(10, 5000, 30, 10, true, 2000, 100, 14), graphiql, Map.of()),
                is("The introspection query is 15 levels deep; the limit is 14."));
        assertThat(check(new QueryLimits(10, 5000, 30, 10, true, 222, 100, 20), graphiql, Map.of()),
                containsString("selects 223 fields"));
    }

    @Test
    void introspectionHasADepthLimitOfItsOwn() {
        String chain = "kind name";
        for (int i = 0; i < 20; i++) {
            chain = "kind name ofType { " + chain + " }";
        }
        assertThat(check(limits, "{ __schema { types { " + chain + " } } }", Map.of()),
                is("The introspection query is 23 levels deep; the limit is 20."));
    }

    @Test
    void theSchemaAndEachTypeListMayBeAskedForOnce() {
        StringBuilder aliased = new StringBuilder("{");
        for (int i = 0; i < 30; i++) {
            aliased.append(" s").append(i).append(": __schema { types { name } }");
        }
        assertThat(check(limits, aliased.append(" }").toString(), Map.of()),
                is("The query asks for __schema 30 times; introspection allows it once."));
        assertThat(check(limits, "{ __schema { types { fields { type { ofType { fields { name } } } } } } }",
                Map.of()), is("The query asks for __Type.fields 2 times; introspection allows it once."));
        assertThat(check(limits, "{ __type(name: \"Song\") { name } __schema { types { name } } }", Map.of()),
                nullValue());
    }

    private QueryLimits.Verdict verdict(String query, Map<String, JsonValue> variables) {
        Document document = Parser.parse(query);
        return limits.verdict(schema, document, document.getDefinitionsOfType(OperationDefinition.class).get(0),
                variables);
    }

    private static String check(QueryLimits limits, String query, Map<String, JsonValue> variables) {
        Document document = Parser.parse(query);
        return limits.check(schema, document, document.getDefinitionsOfType(OperationDefinition.class).get(0),
                variables);
    }
}
