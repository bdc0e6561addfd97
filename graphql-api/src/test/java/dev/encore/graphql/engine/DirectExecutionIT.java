package dev.encore.graphql.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import dev.encore.graphql.GraphqlClient;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Queries whose every field has a plain fetcher run on graphql-java directly ({@link DirectExecution}); the rest
 * through SmallRye. Both must answer the same, check the caller the same and report errors with the same codes: a
 * client cannot tell which engine ran its query, only {@code encore_graphql_executions_total{engine}} can.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "demo.seed.enabled", value = "true")
@AddConfig(key = "live-events.scheduler.enabled", value = "false")
class DirectExecutionIT {

    private static final String CATALOG = "{ artists(first: 4) { totalCount edges { node { id name genres "
            + "albums { title songs { title durationMs artist { name } album { title } } } } } } }";

    @Inject
    WebTarget target;

    @Inject
    MetricRegistry metrics;

    private GraphqlClient client;

    @BeforeEach
    void client() {
        client = new GraphqlClient(target.getUri());
    }

    @Test
    void catalogReadsAnswerTheSameOnBothEngines() throws InterruptedException {
        awaitDemoSeed();
        long direct = executions("direct");
        long smallRye = executions("smallrye");
        JsonObject plain = client.data(CATALOG, null);
        assertThat("a query of plain fields runs directly", executions("direct"), is(direct + 1));

        // A date field is SmallRye's to format: the same query with it runs through SmallRye.
        JsonObject withDates = client.data(CATALOG.replace("id name genres", "id name genres createdAt"), null);
        assertThat("a query with a date runs through SmallRye", executions("smallrye"), is(smallRye + 1));

        int artists = plain.getJsonObject("artists").getJsonArray("edges").size();
        assertThat(artists > 0, is(true));
        assertThat(withDates.getJsonObject("artists").getJsonArray("edges").size(), is(artists));
        for (int i = 0; i < artists; i++) {
            JsonObject node = withDates.getJsonObject("artists").getJsonArray("edges").getJsonObject(i)
                    .getJsonObject("node");
            assertThat(node.getString("createdAt"), notNullValue());
            JsonObject same = jakarta.json.Json.createObjectBuilder(node).remove("createdAt").build();
            assertThat(same, is(plain.getJsonObject("artists").getJsonArray("edges").getJsonObject(i)
                    .getJsonObject("node")));
        }
    }

    @Test
    void theCallerReachesResolversOnTheDirectPath() {
        GraphqlClient.Answer anonymous = client.post("{ myPlaylists { totalCount } }", null);
        assertThat(anonymous.firstErrorCode(), is("UNAUTHENTICATED"));

        long direct = executions("direct");
        String token = TestTokenIssuer.shared().token("direct-listener", "listener");
        JsonObject mine = client.data("{ me { id } myPlaylists { totalCount } }", token);
        assertThat(executions("direct"), is(direct + 1));
        assertThat(mine.getJsonObject("me").getString("id"), is("direct-listener"));
        assertThat(mine.getJsonObject("myPlaylists").getInt("totalCount"), is(0));
    }

    @Test
    void resolverErrorsKeepTheirCodesOnTheDirectPath() {
        long direct = executions("direct");
        GraphqlClient.Answer answer = client.post("{ songs(first: 1000) { totalCount } }", null);
        assertThat(executions("direct"), is(direct + 1));
        assertThat(answer.firstErrorCode(), is("BAD_USER_INPUT"));
        assertThat(answer.errors().getJsonObject(0).getJsonObject("extensions").getString("field"), is("first"));
    }

    /** The demo seed runs at startup; Sigur Rós is the last artist it writes. */
    private void awaitDemoSeed() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (!client.data("{ search(query: \"ros\") { artists { name } } }", null).getJsonObject("search")
                    .getJsonArray("artists").isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the demo catalog was not seeded within 10 s");
    }

    private long executions(String engine) {
        return metrics.counter("encore.graphql.executions", new Tag("engine", engine)).getCount();
    }
}
