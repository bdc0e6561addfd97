package dev.encore.support.architecture;

import dev.encore.local.ImportGraph;
import org.junit.jupiter.api.Test;

/** The packages and the classes of dev.encore.support depend on each other one way only. */
class ImportGraphTest {

    @Test
    void packagesHaveNoCycle() {
        ImportGraph.assertNoPackageCycle("dev.encore.support");
    }

    @Test
    void topLevelClassesHaveNoCycle() {
        ImportGraph.assertNoClassCycle("dev.encore.support");
    }
}
