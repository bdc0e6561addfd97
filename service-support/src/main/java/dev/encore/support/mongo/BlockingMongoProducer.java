package dev.encore.support.mongo;

import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.encore.support.BackingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The synchronous driver's {@link MongoClient} and {@link MongoDatabase}, for services whose code blocks (identity,
 * media): Helidon runs each request on a virtual thread, where a blocking call parks the virtual thread and frees its
 * carrier, so plain return values cost no platform thread and need no {@code Uni} to wait on.
 *
 * <p>Same settings as the reactive client ({@link MongoClientProducer}), built on first injection, plus a socket read
 * timeout: a blocking call has no {@code atMost} of its own, and a stalled server must not hold a request forever.
 * A {@code socketTimeoutMS} in the URI still wins.
 */
@ApplicationScoped
@BackingService("mongodb")
public class BlockingMongoProducer {

    /** What the repositories waited at most with the reactive driver. */
    static final long READ_TIMEOUT_SECONDS = 10;

    @Inject
    MongoClientProducer producer;

    @Produces
    @Singleton
    MongoClient mongoClient() {
        MongoClientSettings settings = producer.settings();
        return MongoClients.create(MongoClientSettings.builder(settings)
                .applyToSocketSettings(socket -> {
                    if (settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS) == 0) {
                        socket.readTimeout(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    }
                })
                .build());
    }

    void close(@Disposes MongoClient client) {
        client.close();
    }

    @Produces
    @Singleton
    MongoDatabase mongoDatabase(MongoClient client) {
        return client.getDatabase(producer.databaseName());
    }
}
