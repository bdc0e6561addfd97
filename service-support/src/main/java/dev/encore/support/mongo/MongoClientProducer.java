package dev.encore.support.mongo;

import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.encore.support.health.BackingService;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Produces the service's reactive {@link MongoClient} and its own {@link MongoDatabase}.
 *
 * <p>The driver connects lazily, so a MongoDB that is down at startup does not stop the service: readiness reports
 * it instead. A malformed URI, on the other hand, is a configuration mistake and fails startup with one clear message.
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

    private MongoClient client;

    @PostConstruct
    void connect() {
        ConnectionString connectionString = parse(uri);
        // Fail fast enough for readiness to answer within its own timeout; a timeout in the URI still wins.
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(3, TimeUnit.SECONDS))
                .applyConnectionString(connectionString)
                .applicationName("encore")
                .build();
        client = MongoClients.create(settings);
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

    @Produces
    @Singleton
    MongoClient mongoClient() {
        return client;
    }

    @Produces
    @Singleton
    MongoDatabase mongoDatabase() {
        return client.getDatabase(databaseName);
    }

    /** Builds the client at startup, so a malformed URL stops the service at once with a clear message. */
    void validateAtStartup(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        // Observing the event instantiated this bean, and @PostConstruct parsed the URL.
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
