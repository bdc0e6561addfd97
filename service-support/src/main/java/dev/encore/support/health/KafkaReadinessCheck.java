package dev.encore.support.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.encore.support.BackingService;
import dev.encore.support.kafka.KafkaSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The Kafka cluster answers a metadata request (describe cluster) with at least one broker. A stall shorter than
 * {@code health.kafka.grace} keeps the replica ready (producers buffer and retry, consumers resume where they were);
 * longer, it is unready (see {@link DependencyStatus}). A service's own listeners have their own checks.
 */
@Readiness
@ApplicationScoped
@BackingService("kafka")
public class KafkaReadinessCheck implements HealthCheck {

    private final Config config;
    private final Duration timeout;
    private final DependencyStatus status;
    private volatile Admin admin;

    @Inject
    KafkaReadinessCheck(Config config, MetricRegistry metrics,
                        @ConfigProperty(name = "health.timeout") Duration timeout,
                        @ConfigProperty(name = "health.kafka.grace") String grace) {
        this.config = config;
        this.timeout = timeout;
        this.status = new DependencyStatus("kafka", DependencyStatus.grace(grace)).exportedTo(metrics);
    }

    @Override
    public HealthCheckResponse call() {
        try {
            int brokers = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes()
                    .get(timeout.toMillis() + 200, TimeUnit.MILLISECONDS)
                    .size();
            return brokers > 0
                    ? status.up(Map.of("brokers", brokers))
                    : status.failed("the cluster lists no broker", Map.of("brokers", 0));
        } catch (ExecutionException e) {
            return status.failed(e.getCause(), Map.of());
        } catch (TimeoutException | RuntimeException e) {
            return status.failed(e, Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return status.failed(e, Map.of());
        }
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> properties = KafkaSettings.clientProperties(config);
                    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "encore-readiness");
                    // Keep a down broker from flooding the log: back off up to 10 s between reconnects.
                    properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
                    admin = Admin.create(properties);
                }
                current = admin;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
