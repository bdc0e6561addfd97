package dev.encore.graphql.events;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import dev.encore.support.kafka.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;

/**
 * A Kafka consumer that hears every record of its topics on every replica: a consumer group of its own per instance
 * (random suffix), starting at the end of the topics, never committing, so nothing is left on the broker when the
 * replica goes away. Reactive Messaging's shared groups would hand each record to one replica only, which is wrong
 * for cache eviction and for feeding this replica's subscribers. Runs on its own thread, and starts over after a
 * failure (Kafka down) rather than going deaf.
 */
public final class ReplicaListener {

    private static final System.Logger LOG = System.getLogger(ReplicaListener.class.getName());

    private final String name;
    private final Config config;
    private final List<String> topics;
    private final BiConsumer<String, String> handler;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean running;
    private volatile boolean assigned;
    private Thread thread;

    /**
     * @param name    names the client id, the group prefix and the thread
     * @param handler called with each record's topic and value, on the listener's thread
     */
    public ReplicaListener(String name, Config config, List<String> topics, BiConsumer<String, String> handler) {
        this.name = name;
        this.config = config;
        this.topics = List.copyOf(topics);
        this.handler = handler;
    }

    public void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    /** True once the consumer has partitions of every topic (tests wait for it before producing). */
    public boolean ready() {
        return assigned;
    }

    private void run() {
        Properties properties = new Properties();
        properties.putAll(KafkaSettings.clientProperties(config));
        properties.putAll(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, name + "-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.CLIENT_ID_CONFIG, name,
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "10000"));
        while (running) {
            ensureTopics();
            try (KafkaConsumer<String, String> kafka =
                         new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
                consumer = kafka;
                kafka.subscribe(topics, new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        LOG.log(Level.INFO, name + " listens on " + partitions.size() + " partitions of " + topics);
                        assigned = partitions.stream().map(TopicPartition::topic).distinct().count() == topics.size();
                    }
                });
                while (running) {
                    for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(200))) {
                        handler.accept(record.topic(), record.value());
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, name + " failed; restarting it", e);
                sleep();
            }
        }
    }

    /**
     * Creates missing topics with the broker's defaults (what auto-creation would do on the first publish), so this
     * consumer is assigned their partitions before the first event, not minutes later.
     */
    private void ensureTopics() {
        Properties properties = new Properties();
        properties.putAll(KafkaSettings.clientProperties(config));
        try (Admin admin = Admin.create(properties)) {
            var existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
            var missing = topics.stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, Optional.empty(), Optional.empty())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // Someone else created them first, or Kafka is down: subscribing still works once they exist.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void stop() {
        running = false;
        KafkaConsumer<String, String> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
