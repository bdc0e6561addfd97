package dev.encore.support.health;

import java.time.Duration;
import java.util.Map;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.encore.support.mongo.MongoReactive;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * MongoDB answers a {@code ping}. A stall shorter than {@code health.mongodb.grace} keeps the replica ready (requests
 * wait and then succeed, as measured with a 5 s pause); longer, it is unready (see {@link DependencyStatus}).
 */
@Readiness
@ApplicationScoped
@BackingService("mongodb")
public class MongoReadinessCheck implements HealthCheck {

    private final MongoDatabase database;
    private final Duration timeout;
    private final DependencyStatus status;

    @Inject
    MongoReadinessCheck(MongoDatabase database, MetricRegistry metrics,
                        @ConfigProperty(name = "health.timeout", defaultValue = "PT1S") Duration timeout,
                        @ConfigProperty(name = "health.mongodb.grace", defaultValue = "PT30S") String grace) {
        this.database = database;
        this.timeout = timeout;
        this.status = new DependencyStatus("mongodb", DependencyStatus.grace(grace)).exportedTo(metrics);
    }

    @Override
    public HealthCheckResponse call() {
        try {
            MongoReactive.first(database.runCommand(new Document("ping", 1))).await().atMost(timeout);
            return status.up(Map.of());
        } catch (RuntimeException e) {
            return status.failed(e, Map.of());
        }
    }
}
