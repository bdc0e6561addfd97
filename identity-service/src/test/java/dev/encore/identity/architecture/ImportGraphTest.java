package dev.encore.identity.architecture;

import dev.encore.local.ImportGraph;
import org.junit.jupiter.api.Test;

/** The packages and the classes of dev.encore.identity depend on each other one way only. */
class ImportGraphTest {

    @Test
    void packagesHaveNoCycle() {
        ImportGraph.assertNoPackageCycle("dev.encore.identity");
    }

    @Test
    void topLevelClassesHaveNoCycle() {
        ImportGraph.assertNoClassCycle("dev.encore.identity");
    }
}
