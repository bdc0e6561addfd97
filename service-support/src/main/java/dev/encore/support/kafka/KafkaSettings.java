package dev.encore.support.kafka;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.Config;

/**
 * The Kafka client properties of a service, read from the section named after Helidon's Reactive Messaging connector
 * ({@code mp.messaging.connector.helidon-kafka.*}, falling back to {@code kafka.bootstrap.servers}), so security
 * settings for a managed cluster (SASL, TLS) are written once and used by every Kafka client in the service. No
 * service uses Reactive Messaging any more ({@link KafkaPublisher}, {@link ReplicaListener}); the keys keep their
 * names so existing deployments need no change.
 */
public final class KafkaSettings {

    static final String CONNECTOR_PREFIX = "mp.messaging.connector.helidon-kafka.";

    private KafkaSettings() {
    }

    /** Every connector-level property, without the prefix: {@code bootstrap.servers}, {@code security.protocol}, ... */
    public static Map<String, Object> clientProperties(Config config) {
        Map<String, Object> properties = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(CONNECTOR_PREFIX)) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> properties.put(name.substring(CONNECTOR_PREFIX.length()), value));
            }
        }
        if (!properties.containsKey("bootstrap.servers")) {
            properties.put("bootstrap.servers", config.getValue("kafka.bootstrap.servers", String.class));
        }
        return properties;
    }
}
