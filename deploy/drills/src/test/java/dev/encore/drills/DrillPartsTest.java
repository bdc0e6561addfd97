package dev.encore.drills;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parts of the drills whose mistakes would make their figures lie. */
class DrillPartsTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        Latencies latencies = new Latencies();
        for (int ms = 100; ms >= 1; ms--) {
            latencies.add(ms * 1_000_000L);
        }
        assertEquals(50.0, latencies.percentileMillis(50));
        assertEquals(99.0, latencies.percentileMillis(99));
        assertEquals(100.0, latencies.maxMillis());
        assertEquals(0.0, new Latencies().percentileMillis(99));
    }

    @Test
    void unknownIdsHaveTheCatalogsShapeSoTheyMissRatherThanFailValidation() {
        String objectId = RedisPauseDrill.unknownLike("65a1b2c3d4e5f60718293a4b");
        assertTrue(objectId.matches("[0-9a-f]{24}"), objectId);
        assertNotEquals("65a1b2c3d4e5f60718293a4b", objectId);
        String uuid = RedisPauseDrill.unknownLike("0f8fad5b-d9cb-469f-a165-70867728950e");
        assertTrue(uuid.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), uuid);
    }

    @Test
    void aFragmentBombSpreadsEachFragmentTwiceAndStaysSmall() {
        String bomb = FuzzDrill.fragmentBomb(60);
        assertTrue(bomb.startsWith("query Bomb { ...F60 }"));
        assertTrue(bomb.contains("fragment F60 on Query { ...F59 ...F59 }"));
        assertTrue(bomb.contains("fragment F0 on Query { __typename }"));
        assertTrue(bomb.length() < 3000, "60 levels in " + bomb.length() + " bytes");
    }
}
