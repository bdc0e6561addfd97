package dev.encore.graphql.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;

import dev.encore.graphql.GraphqlClient;
import dev.encore.local.BackingServers;
import dev.encore.local.BackingServersExtension;
import dev.encore.local.ServiceReplica;
import dev.encore.local.TestTokenIssuer;
import dev.encore.support.events.Topics;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.WebTarget;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

/**
 * Two replicas, one in this JVM and one in a child JVM, on the same backing servers, with a long in-process cache
 * TTL: a write on one is visible through the other's cache within seconds, because every replica consumes the
 * catalog events. The events themselves are checked as other services would read them off Kafka.
 */
@ExtendWith(BackingServersExtension.class)
@HelidonTest
@AddConfig(key = "cache.local.ttl", value = "PT5M")
class CatalogEventsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static ServiceReplica replicaB;

    @Inject
    WebTarget target;

    private final TestTokenIssuer issuer = TestTokenIssuer.shared();

    @BeforeAll
    static void startSecondReplica() {
        replicaB = ServiceReplica.start(Map.of("cache.local.ttl", "PT5M"), Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopSecondReplica() {
        if (replicaB != null) {
            replicaB.close();
        }
    }

    @Test
    void aWriteOnOneReplicaIsSeenThroughTheOthersCache(BackingServers servers) {
        try (KafkaConsumer<String, String> events = consumer(servers)) {
            GraphqlClient a = new GraphqlClient(target.getUri());
            GraphqlClient b = new GraphqlClient(replicaB.uri());
            String curator = issuer.token("curator-2", "curator");
            String artistId = a.data("mutation { createArtist(input: {name: \"Replica artist\"}) { id } }", curator)
                    .getJsonObject("createArtist").getString("id");
            String songId = a.data("mutation($a: ID!) { createSong(input: {title: \"Before\", artistId: $a, "
                    + "durationMs: 1000}) { id } }", vars("a", artistId), curator).getJsonObject("createSong")
                    .getString("id");
            String query = "query($id: ID!) { song(id: $id) { title } }";
            assertThat(title(b, query, songId), is("Before"));
            assertThat(title(b, query, songId), is("Before")); // served from B's in-process cache now

            a.data("mutation($id: ID!, $a: ID!) { updateSong(id: $id, input: {title: \"After\", artistId: $a, "
                   + "durationMs: 1000}) { id } }", Json.createObjectBuilder().add("id", songId).add("a", artistId)
                    .build(), curator);
            await(() -> "After".equals(title(b, query, songId)), "B sees the update");

            a.data("mutation($id: ID!) { deleteSong(id: $id) }", vars("id", songId), curator);
            await(() -> b.data(query, vars("id", songId), null).get("song") == JsonValue.NULL, "B sees the delete");

            List<String> seen = new ArrayList<>();
            await(() -> {
                for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(200))) {
                    JsonObject event = Json.createReader(new java.io.StringReader(record.value())).readObject();
                    assertThat(record.key(), is(event.getString("id")));
                    seen.add(event.getString("kind") + " " + event.getString("entityType") + " "
                             + event.getString("id"));
                }
                return seen.contains("DELETED SONG " + songId);
            }, "the catalog events arrive");
            assertThat(seen, hasItems("CREATED ARTIST " + artistId, "CREATED SONG " + songId,
                    "UPDATED SONG " + songId, "DELETED SONG " + songId));
        }
    }

    private static String title(GraphqlClient client, String query, String songId) {
        JsonValue song = client.data(query, vars("id", songId), null).get("song");
        return song == JsonValue.NULL ? null : song.asJsonObject().getString("title");
    }

    private static KafkaConsumer<String, String> consumer(BackingServers servers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "catalog-events-it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(Topics.CATALOG_EVENTS));
        return consumer;
    }

    private static void await(Supplier<Boolean> condition, String what) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            if (condition.get()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(what + ": interrupted");
            }
        }
        throw new AssertionError(what + ": not within " + PATIENCE);
    }

    private static JsonObject vars(String name, String value) {
        return Json.createObjectBuilder().add(name, value).build();
    }
}
