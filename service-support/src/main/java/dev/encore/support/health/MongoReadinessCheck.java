package dev.encore.support.health;

import java.time.Duration;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.encore.support.mongo.MongoReactive;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the service's MongoDB answers a {@code ping}. */
@Readiness
@ApplicationScoped
@BackingService("mongodb")
public class MongoReadinessCheck implements HealthCheck {

    private final MongoDatabase database;
    private final Duration timeout;

    @Inject
    MongoReadinessCheck(MongoDatabase database,
                        @ConfigProperty(name = "health.timeout", defaultValue = "PT2S") Duration timeout) {
        this.database = database;
        this.timeout = timeout;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            MongoReactive.first(database.runCommand(new Document("ping", 1))).await().atMost(timeout);
            return HealthCheckResponse.named("mongodb").up().build();
        } catch (RuntimeException e) {
            return HealthChecks.down("mongodb", e);
        }
    }
}
