package dev.encore.identity.account;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.encore.support.events.Topics;
import dev.encore.support.events.UserEvent;
import io.helidon.messaging.connectors.kafka.KafkaMessage;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes {@link UserEvent}s on {@value Topics#USER_EVENTS}, keyed by user id, as JSON.
 *
 * <p>Best effort on purpose: the account change is already stored when the event is sent, and a Kafka outage must
 * not fail a registration or a role change. Events wait in a bounded buffer while the broker is away; a lost event
 * is logged (user id and kind only, never an email).
 */
@ApplicationScoped
public class UserEventPublisher {

    private static final System.Logger LOG = System.getLogger(UserEventPublisher.class.getName());

    private final Jsonb jsonb = JsonbBuilder.create();

    @Inject
    @Channel(Topics.USER_EVENTS)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
    Emitter<String> emitter;

    public void registered(AccountDocument account) {
        publish(new UserEvent(UserEvent.Kind.REGISTERED, account.id(), account.displayName(), account.roles(),
                              Instant.now()));
    }

    public void rolesChanged(AccountDocument account) {
        publish(new UserEvent(UserEvent.Kind.ROLES_CHANGED, account.id(), account.displayName(), account.roles(),
                              Instant.now()));
    }

    public void deleted(AccountDocument account) {
        publish(new UserEvent(UserEvent.Kind.DELETED, account.id(), account.displayName(), List.of(), Instant.now()));
    }

    private void publish(UserEvent event) {
        try {
            emitter.send(KafkaMessage.of(event.userId(), jsonb.toJson(event), () -> CompletableFuture.completedStage(null)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "user event " + event.kind() + " for user " + event.userId() + " was not published: "
                                   + e);
        }
    }

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "closing JSON-B failed: " + e);
        }
    }
}
