package dev.encore.support.mongo;

import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.encore.support.BackingService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's MongoDB settings (from {@code MONGODB_URI}), and its reactive {@link MongoClient} and
 * {@link MongoDatabase} for the code that is reactive end to end (graphql-api). The blocking client comes from
 * {@link BlockingMongoProducer}, with the same settings.
 *
 * <p>Each client is built on first injection, so a service opens only the one its code uses (plus, for readiness, see
 * {@link MongoPing}). The driver connects lazily, so a MongoDB that is down at startup does not stop the service:
 * readiness reports it instead. A malformed URI, on the other hand, is a configuration mistake and fails startup with
 * one clear message.
 */
@ApplicationScoped
@BackingService("mongodb")
public class MongoClientProducer {

    @Inject
    @ConfigProperty(name = "mongodb.uri")
    String uri;

    @Inject
    @ConfigProperty(name = "mongodb.database")
    String databaseName;

    private MongoClientSettings settings;

    @PostConstruct
    void parseUri() {
        ConnectionString connectionString = parse(uri);
        // Fail fast enough for readiness to answer within its own timeout; a timeout in the URI still wins.
        settings = MongoClientSettings.builder()
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(3, TimeUnit.SECONDS))
                .applyConnectionString(connectionString)
                .applicationName("encore")
                .build();
    }

    static ConnectionString parse(String uri) {
        try {
            return new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            // The driver's message may echo the URI, which can hold a password: name the variable, not the value.
            throw new IllegalStateException("MONGODB_URI (mongodb.uri) is not a valid MongoDB connection string: "
                    + e.getMessage().replaceAll("://[^@/]*@", "://***@"), e);
        }
    }

    /** The settings every client of this service is built with: timeouts, then the URI (whose options win). */
    MongoClientSettings settings() {
        return settings;
    }

    String databaseName() {
        return databaseName;
    }

    @Produces
    @Singleton
    MongoClient mongoClient() {
        return MongoClients.create(settings);
    }

    void close(@Disposes MongoClient client) {
        client.close();
    }

    @Produces
    @Singleton
    MongoDatabase mongoDatabase(MongoClient client) {
        return client.getDatabase(databaseName);
    }

    /** Parses the URI at startup, so a malformed one stops the service at once with a clear message. */
    void validateAtStartup(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        // Observing the event instantiated this bean, and @PostConstruct parsed the URI.
    }
}
