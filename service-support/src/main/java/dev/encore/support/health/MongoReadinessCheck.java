package dev.encore.support.health;

import java.time.Duration;
import java.util.Map;

import dev.encore.support.BackingService;
import dev.encore.support.mongo.MongoPing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * MongoDB answers a {@code ping}, sent through the client the service's code uses ({@link MongoPing}). A stall shorter
 * than {@code health.mongodb.grace} keeps the replica ready (requests wait and then succeed, as measured with a 5 s
 * pause); longer, it is unready (see {@link DependencyStatus}).
 */
@Readiness
@ApplicationScoped
@BackingService("mongodb")
public class MongoReadinessCheck implements HealthCheck {

    private final MongoPing mongodb;
    private final Duration timeout;
    private final DependencyStatus status;

    @Inject
    MongoReadinessCheck(MongoPing mongodb, MetricRegistry metrics,
                        @ConfigProperty(name = "health.timeout") Duration timeout,
                        @ConfigProperty(name = "health.mongodb.grace") String grace) {
        this.mongodb = mongodb;
        this.timeout = timeout;
        this.status = new DependencyStatus("mongodb", DependencyStatus.grace(grace)).exportedTo(metrics);
    }

    @Override
    public HealthCheckResponse call() {
        try {
            mongodb.ping(timeout);
            return status.up(Map.of());
        } catch (Exception e) {
            return status.failed(e, Map.of());
        }
    }
}
