package dev.encore.local;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestMongoTest {

    @Test
    void systemPropertyWinsOverMongodbUriAndBlankMeansEmulator() {
        assertEquals("mongodb://a:27017", TestMongo.configuredUri(" mongodb://a:27017 ", "mongodb://b:27017"));
        assertEquals("mongodb://b:27017", TestMongo.configuredUri(null, "mongodb://b:27017"));
        assertEquals("mongodb://b:27017", TestMongo.configuredUri("", "mongodb://b:27017"));
        assertNull(TestMongo.configuredUri(" ", null));
    }

    @Test
    void emulatorKeepsTheTestClassDatabaseName() {
        try (EmbeddedMongo embedded = EmbeddedMongo.inMemory(Ports.free());
             TestMongo emulator = new TestMongo(embedded, embedded.uri())) {
            // This JVM is the emulator's only client, so no suffix is needed.
            assertFalse(emulator.real());
            assertEquals("test_chatit", emulator.database("test_ChatIT"));
        }
    }

    @Test
    void realServerDatabasesAreUniqueToThisJvmAndFitMongodbsLimit() {
        TestMongo real = new TestMongo(null, "mongodb://db:27017/?replicaSet=rs0");
        assertTrue(real.real());
        String name = real.database("test_chatit");
        assertTrue(name.matches("test_chatit_[0-9a-f]{8}"), name);
        assertEquals(name, real.database("test_ChatIT"));
        assertEquals(63, real.database("test_" + "x".repeat(80)).length());
    }

    @Test
    void passwordsStayOutOfLogs() {
        assertEquals("mongodb://ci:***@db:27017/?replicaSet=rs0",
                TestMongo.redacted("mongodb://ci:s3cret@db:27017/?replicaSet=rs0"));
        assertFalse(TestMongo.redacted("mongodb://ci:s3cret@db:27017").contains("s3cret"));
        assertNotEquals("", TestMongo.redacted("mongodb://db:27017"));
    }
}
