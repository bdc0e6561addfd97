package dev.encore.support.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

/** Ready while the Kafka cluster answers a metadata request (describe cluster) with at least one broker. */
@Readiness
@ApplicationScoped
@BackingService("kafka")
public class KafkaReadinessCheck implements HealthCheck {

    private final Config config;
    private final Duration timeout;
    private volatile Admin admin;

    @Inject
    KafkaReadinessCheck(Config config,
                        @ConfigProperty(name = "health.timeout", defaultValue = "PT2S") Duration timeout) {
        this.config = config;
        this.timeout = timeout;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            int brokers = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes()
                    .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS)
                    .size();
            return HealthCheckResponse.named("kafka").status(brokers > 0).withData("brokers", brokers).build();
        } catch (ExecutionException e) {
            return HealthChecks.down("kafka", e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            return HealthChecks.down("kafka", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthChecks.down("kafka", e);
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
