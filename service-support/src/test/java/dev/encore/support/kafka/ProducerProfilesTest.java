package dev.encore.support.kafka;

import java.time.Duration;
import java.util.Map;

import dev.encore.support.kafka.KafkaPublisher.Profile;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Each producer profile sets exactly what that service's own producer set before the shared publisher (and leaves
 * the rest to Kafka's defaults, as before): the outage figures the drills measure depend on these timeouts.
 */
class ProducerProfilesTest {

    private static final Map<String, Object> CLIENT = Map.of("bootstrap.servers", "broker:9092",
            "security.protocol", "PLAINTEXT");

    @Test
    void graphqlEventsKeepsItsTimeoutsDerivedFromTheDeliveryTimeout() {
        assertThat(Profile.graphqlEvents(Duration.ofSeconds(30)).properties(CLIENT), is(Map.of(
                "bootstrap.servers", "broker:9092", "security.protocol", "PLAINTEXT",
                "client.id", "graphql-api-events", "acks", "all", "max.block.ms", "5000",
                "request.timeout.ms", "5000", "delivery.timeout.ms", "30000", "linger.ms", "0")));
        assertThat("a short delivery timeout shortens the waits, never the retry window below 5 s",
                Profile.graphqlEvents(Duration.ofSeconds(2)).properties(Map.of()), is(Map.of(
                        "client.id", "graphql-api-events", "acks", "all", "max.block.ms", "2000",
                        "request.timeout.ms", "2000", "delivery.timeout.ms", "5000", "linger.ms", "0")));
    }

    @Test
    void chatFailsASendWithinSeconds() {
        assertThat(Profile.CHAT.withClientId("chat-1234").properties(Map.of()), is(Map.of(
                "client.id", "chat-1234", "acks", "all", "enable.idempotence", "true", "linger.ms", "1",
                "request.timeout.ms", "2000", "delivery.timeout.ms", "5000", "max.block.ms", "2000")));
    }

    @Test
    void mediaOutboxGivesUpInTimeForTheDrainerToMoveOn() {
        assertThat(Profile.MEDIA_OUTBOX.properties(Map.of()), is(Map.of(
                "client.id", "media-service", "acks", "all", "enable.idempotence", "true",
                "max.block.ms", "5000", "request.timeout.ms", "5000", "delivery.timeout.ms", "10000",
                "reconnect.backoff.max.ms", "5000")));
    }

    @Test
    void identityKeepsWhatItsMessagingChannelSet() {
        assertThat(Profile.IDENTITY.properties(Map.of()), is(Map.of("acks", "all", "max.block.ms", "5000")));
    }
}
