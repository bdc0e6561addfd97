package dev.encore.media.architecture;

import dev.encore.local.ImportGraph;
import org.junit.jupiter.api.Test;

/** The packages and the classes of dev.encore.media depend on each other one way only. */
class ImportGraphTest {

    @Test
    void packagesHaveNoCycle() {
        ImportGraph.assertNoPackageCycle("dev.encore.media");
    }

    @Test
    void topLevelClassesHaveNoCycle() {
        ImportGraph.assertNoClassCycle("dev.encore.media");
    }
}
