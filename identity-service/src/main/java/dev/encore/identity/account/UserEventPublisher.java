package dev.encore.identity.account;

import java.time.Instant;
import java.util.List;

import dev.encore.support.events.Topics;
import dev.encore.support.events.UserEvent;
import dev.encore.support.kafka.KafkaPublisher;
import dev.encore.support.kafka.KafkaPublisher.Profile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Publishes {@link UserEvent}s on {@value Topics#USER_EVENTS}, keyed by user id, as JSON.
 *
 * <p>Best effort on purpose: the account change is already stored when the event is sent, and a Kafka outage must
 * not fail a registration or a role change. {@link KafkaPublisher#fireAndForget} sends on a virtual thread; while the
 * broker is away the producer buffers events in memory ({@code buffer.memory}) and a send waits at most
 * {@code max.block.ms} (5 s) for the broker's metadata. A lost event is counted ({@code encore.events.failed}) and
 * logged by topic and user id only, never with an email.
 */
@ApplicationScoped
public class UserEventPublisher {

    @Inject
    KafkaPublisher kafka;

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
        kafka.fireAndForget(Profile.IDENTITY, Topics.USER_EVENTS, event.userId(), event);
    }
}
