package dev.encore.local;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The MongoDB that tests use: a real server when {@code -Dencore.test.mongodb-uri=...} or the {@code MONGODB_URI}
 * environment variable names one (the CI job on hosts with Docker runs {@code mongo:7}), otherwise the in-memory
 * MongoDB wire server of this JVM. The emulator accepts some things real MongoDB refuses and ignores others
 * (docs/mongodb-emulator-gaps.md); running the same integration tests against both is how the code stays on what
 * both accept.
 *
 * <p>A real server may be shared by several test JVMs (parallel jobs, a developer's own server), so database names get
 * a suffix unique to this JVM and never collide with another run's or with the services' {@code encore_*} databases.
 */
public final class TestMongo implements AutoCloseable {

    /** System property naming a real MongoDB for tests; it wins over {@code MONGODB_URI}. */
    public static final String PROPERTY = "encore.test.mongodb-uri";

    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));

    private final EmbeddedMongo embedded;
    private final String uri;

    TestMongo(EmbeddedMongo embedded, String uri) {
        this.embedded = embedded;
        this.uri = uri;
    }

    /** The real MongoDB named by the property or environment, else a new in-memory wire server on a free port. */
    static TestMongo start() {
        String real = configuredUri(System.getProperty(PROPERTY), System.getenv("MONGODB_URI"));
        if (real != null) {
            return new TestMongo(null, real);
        }
        EmbeddedMongo mongo = EmbeddedMongo.inMemory(Ports.free());
        return new TestMongo(mongo, mongo.uri());
    }

    static String configuredUri(String property, String environment) {
        for (String candidate : new String[] {property, environment}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.trim();
            }
        }
        return null;
    }

    /** The connection string services under test get as {@code mongodb.uri}. */
    public String uri() {
        return uri;
    }

    /** True when this is a real MongoDB rather than the in-memory emulator. */
    public boolean real() {
        return embedded == null;
    }

    /**
     * The database for {@code base} (e.g. {@code test_chatit}): unchanged on the emulator, which lives and dies with
     * this JVM; with this JVM's run suffix on a real server. MongoDB allows 63 bytes.
     */
    public String database(String base) {
        String name = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (!real()) {
            return name;
        }
        String suffix = "_" + RUN;
        return (name.length() + suffix.length() > 63 ? name.substring(0, 63 - suffix.length()) : name) + suffix;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }

    @Override
    public String toString() {
        return real() ? "real MongoDB at " + redacted(uri) : "in-memory MongoDB wire server at " + uri;
    }

    /** The connection string without its password, for logs. */
    static String redacted(String uri) {
        return uri.replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }
}
