package dev.encore.graphql;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How often subscribers are brought up to date from MongoDB, for what Kafka did not deliver: the live event and the
 * playlist resyncs share {@code subscriptions.resync-interval}. Its default is in
 * {@code META-INF/microprofile-config.properties}; {@code SUBSCRIPTIONS_RESYNC_INTERVAL} overrides it.
 */
@ApplicationScoped
public class ResyncConfig {

    @Inject
    @ConfigProperty(name = "subscriptions.resync-interval")
    Duration interval;

    public Duration interval() {
        return interval;
    }
}
