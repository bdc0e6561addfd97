package dev.encore.support.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.encore.local.BackingServers;
import dev.encore.local.BackingServersExtension;
import dev.encore.support.kafka.KafkaPublisher.Profile;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * {@link KafkaPublisher} against the embedded broker: fire-and-forget keeps one key's events in call order (even
 * while a new producer waits for the topic's metadata) and never fails its caller; the acknowledged mode completes
 * once the broker has the record, and fails within the profile's {@code max.block.ms} when Kafka is away.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
class KafkaPublisherIT {

    @Inject
    KafkaPublisher kafka;

    @Inject
    MetricRegistry metrics;

    @Test
    void fireAndForgetKeepsOneKeysEventsInCallOrder(BackingServers servers) {
        String topic = "publisher-it-" + UUID.randomUUID();
        List<String> sent = IntStream.range(0, 50).mapToObj(i -> "event " + i).toList();
        sent.forEach(event -> kafka.fireAndForget(Profile.IDENTITY, topic, "one-key", Map.of("text", event)));

        List<String> heard = read(servers, topic, sent.size());
        assertThat(heard, is(sent.stream().map(event -> "{\"text\":\"" + event + "\"}").toList()));
    }

    @Test
    void sendCompletesOnceTheBrokerHasTheRecord(BackingServers servers) throws Exception {
        String topic = "publisher-it-" + UUID.randomUUID();
        kafka.send(Profile.MEDIA_OUTBOX, topic, "key", "{\"acknowledged\":true}").toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertThat(read(servers, topic, 1), is(List.of("{\"acknowledged\":true}")));
    }

    @Test
    void withKafkaAwayASendFailsInTimeAndAFireAndForgetIsCounted(BackingServers servers) throws Exception {
        String topic = "publisher-it-" + UUID.randomUUID();
        servers.kafka().stop();
        try {
            long started = System.nanoTime();
            try {
                kafka.send(Profile.CHAT, topic, "key", "{}").toCompletableFuture().get(30, TimeUnit.SECONDS);
                throw new AssertionError("a send without a broker completed");
            } catch (ExecutionException expected) {
                long millis = (System.nanoTime() - started) / 1_000_000;
                System.out.println("send without a broker failed after " + millis + " ms (CHAT max.block.ms 2000)");
                assertThat("failed within the profile's max.block.ms, not Kafka's minute", millis, lessThan(20_000L));
            }

            long before = failed(topic);
            kafka.fireAndForget(Profile.CHAT, topic, "key", Map.of("lost", true)); // returns at once, never throws
            Instant deadline = Instant.now().plusSeconds(30);
            while (failed(topic) == before && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat("the lost event is counted", failed(topic), is(before + 1));
        } finally {
            servers.kafka().start();
        }
    }

    private long failed(String topic) {
        return metrics.counter("encore.events.failed", new Tag("topic", topic)).getCount();
    }

    private static List<String> read(BackingServers servers, String topic, int count) {
        List<String> values = new ArrayList<>();
        Map<String, Object> properties = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "publisher-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (values.size() < count && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
