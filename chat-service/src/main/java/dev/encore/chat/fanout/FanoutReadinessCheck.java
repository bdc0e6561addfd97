package dev.encore.chat.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until this replica has a position on every partition of its topics: a socket opened earlier could miss messages. */
@Readiness
@ApplicationScoped
public class FanoutReadinessCheck implements HealthCheck {

    @Inject
    ChatListener listener;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("chat-fanout").status(listener.ready()).build();
    }
}
