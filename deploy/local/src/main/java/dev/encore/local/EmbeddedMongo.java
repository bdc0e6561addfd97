package dev.encore.local;

import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A MongoDB wire-protocol server (mongo-java-server) in this JVM: in memory for tests, file-backed (H2 MVStore)
 * for the local stack so data survives a restart. The real MongoDB driver talks to it unchanged; it implements a
 * subset of MongoDB (no $text, transactions or change streams), so the services keep to queries both accept.
 */
public final class EmbeddedMongo implements AutoCloseable {

    /** Held so the level sticks: JUL keeps loggers weakly. The server logs every client connect at INFO. */
    private static final java.util.logging.Logger QUIET = quiet("de.bwaldvogel");

    private final MongoServer server;
    private final int port;

    private EmbeddedMongo(MongoBackend backend, int port) {
        this.server = new MongoServer(backend);
        this.server.bind("127.0.0.1", port);
        this.port = port;
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    public static EmbeddedMongo inMemory(int port) {
        return new EmbeddedMongo(new MemoryBackend(), port);
    }

    public static EmbeddedMongo fileBacked(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot create " + dataDirectory, e);
        }
        return new EmbeddedMongo(new H2Backend(dataDirectory.resolve("mongo.mv").toString()), port);
    }

    public String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
