package dev.encore.support.mongo;

import java.time.Duration;

/**
 * Asks MongoDB for a {@code ping} through the client this service's own code uses ({@link MongoClientsInUse}), so
 * readiness tests the connection pool that requests go through and never opens a second client just for health.
 */
@FunctionalInterface
public interface MongoPing {

    /** Returns when MongoDB answered within {@code timeout}; throws otherwise. */
    void ping(Duration timeout) throws Exception;
}
