package dev.encore.media.upload;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.encore.local.BackingServers;
import dev.encore.local.BackingServersExtension;
import dev.encore.support.events.Topics;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The outbox's retry loop runs from startup: an event a previous run wrote but never sent (Kafka was down, then the
 * service stopped) goes out without waiting for this run's first upload. Nothing in this class uploads.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "media.events.retry-interval", value = "PT0.5S")
@AddConfig(key = "media.storage.root", value = "target/outbox-it-storage")
class OutboxAtStartupIT {

    @Inject
    MongoDatabase database;

    @Test
    void sendsWhatAPreviousRunLeftInTheOutboxWithoutANewUpload() throws InterruptedException {
        String mediaId = "left-by-a-previous-run-" + System.nanoTime();
        String event = "{\"kind\":\"DELETED\",\"mediaId\":\"" + mediaId + "\"}";
        database.getCollection("media_outbox").insertOne(new Document("_id", new ObjectId()).append("key", mediaId)
                .append("value", event).append("createdAt", new Date()));

        assertThat(firstValueFor(mediaId, Duration.ofSeconds(30)), is(event));
        Instant deadline = Instant.now().plusSeconds(10);
        while (database.getCollection("media_outbox").countDocuments(Filters.eq("key", mediaId)) > 0
               && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat("removed from the outbox once acknowledged",
                   database.getCollection("media_outbox").countDocuments(Filters.eq("key", mediaId)), is(0L));
    }

    private static String firstValueFor(String key, Duration patience) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BackingServers.shared().kafka().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "outbox-it-" + System.nanoTime());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                                                                          new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.MEDIA_EVENTS));
            Instant deadline = Instant.now().plus(patience);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("no event for " + key + " within " + patience);
    }
}
