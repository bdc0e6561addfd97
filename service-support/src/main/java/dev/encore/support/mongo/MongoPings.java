package dev.encore.support.mongo;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.encore.support.BackingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.bson.Document;

/** Produces the {@link MongoPing} that goes through the blocking client, or the reactive one when that is all in use. */
@ApplicationScoped
@BackingService("mongodb")
public class MongoPings {

    private static final Document PING = new Document("ping", 1);

    @Produces
    @Singleton
    MongoPing ping(MongoClientsInUse inUse,
                   Instance<com.mongodb.client.MongoDatabase> blocking,
                   Instance<com.mongodb.reactivestreams.client.MongoDatabase> reactive) {
        // The database is looked up on the first probe, not here: the client is then the one the code built.
        return inUse.reactiveOnly()
                ? timeout -> MongoReactive.first(reactive.get().runCommand(PING)).await().atMost(timeout)
                : timeout -> ping(blocking.get(), timeout);
    }

    /** The blocking call on a virtual thread of its own, so the probe can give up after {@code timeout}. */
    private static void ping(com.mongodb.client.MongoDatabase database, Duration timeout) throws Exception {
        FutureTask<Document> call = new FutureTask<>(() -> database.runCommand(PING));
        Thread.ofVirtual().name("mongodb-ping").start(call);
        try {
            call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
