package dev.encore.graphql;

import dev.encore.local.ImportGraph;
import org.junit.jupiter.api.Test;

/** The packages and the classes of dev.encore.graphql depend on each other one way only. */
class ImportGraphTest {

    @Test
    void packagesHaveNoCycle() {
        ImportGraph.assertNoPackageCycle("dev.encore.graphql");
    }

    @Test
    void topLevelClassesHaveNoCycle() {
        ImportGraph.assertNoClassCycle("dev.encore.graphql");
    }
}
