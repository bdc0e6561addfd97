package dev.encore.graphql.events;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import dev.encore.support.kafka.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
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
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(2);

    private final String name;
    private final List<String> topics;
    private final BiConsumer<String, String> handler;
    private final Supplier<Consumer<String, String>> consumers;
    private final Runnable beforeConnect;
    private volatile Consumer<String, String> consumer;
    private volatile boolean running;
    /** Has a position on every partition of every topic: what is published from now on, it hears. */
    private volatile boolean positioned;
    private Thread thread;

    /**
     * @param name    names the client id, the group prefix and the thread
     * @param handler called with each record's topic and value, on the listener's thread
     */
    public ReplicaListener(String name, Config config, List<String> topics, BiConsumer<String, String> handler) {
        this(name, topics, handler, kafkaConsumers(name, config), () -> ensureTopics(config, topics));
    }

    /** With the consumer from {@code consumers} (a new one after each failure); tests pass a mock. */
    ReplicaListener(String name, List<String> topics, BiConsumer<String, String> handler,
                    Supplier<Consumer<String, String>> consumers, Runnable beforeConnect) {
        this.name = name;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.consumers = consumers;
        this.beforeConnect = beforeConnect;
    }

    public void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    /**
     * True once the consumer has partitions of every topic and its position on each, so every record published from
     * now on reaches it (readiness and tests wait for it). Being assigned is not enough: with no committed offset the
     * position is looked up later ({@code latest}), and a record published in between would be skipped. Cheap, and
     * safe from any thread.
     */
    public boolean ready() {
        return positioned;
    }

    /** Kafka consumers in one group of this instance's own. */
    private static Supplier<Consumer<String, String>> kafkaConsumers(String name, Config config) {
        Properties properties = new Properties();
        properties.putAll(KafkaSettings.clientProperties(config));
        properties.putAll(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, name + "-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.CLIENT_ID_CONFIG, name,
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "10000"));
        return () -> new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    private void run() {
        while (running) {
            beforeConnect.run();
            try (Consumer<String, String> kafka = consumers.get()) {
                consumer = kafka;
                kafka.subscribe(topics, new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        if (!partitions.isEmpty()) {
                            positioned = false; // until the loop has the positions of the new assignment
                        }
                    }

                    @Override
                    public void onPartitionsLost(Collection<TopicPartition> partitions) {
                        onPartitionsRevoked(partitions);
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        LOG.log(Level.INFO, name + " listens on " + partitions.size() + " partitions of " + topics);
                    }
                });
                while (running) {
                    for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(200))) {
                        handler.accept(record.topic(), record.value());
                    }
                    if (!positioned) {
                        positioned = positioned(kafka);
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                positioned = false;
                LOG.log(Level.ERROR, name + " failed; restarting it", e);
                sleep();
            }
        }
    }

    /** Whether the consumer is assigned every topic and knows its position on each partition (looking it up now). */
    private boolean positioned(Consumer<String, String> kafka) {
        Set<TopicPartition> assignment = kafka.assignment();
        if (assignment.stream().map(TopicPartition::topic).distinct().count() != topics.size()) {
            return false;
        }
        try {
            for (TopicPartition partition : assignment) {
                kafka.position(partition, POSITION_TIMEOUT);
            }
            return true;
        } catch (TimeoutException e) {
            return false; // Kafka is slow or down: the next round tries again
        }
    }

    /**
     * Creates missing topics with the broker's defaults (what auto-creation would do on the first publish), so this
     * consumer is assigned their partitions before the first event, not minutes later.
     */
    private static void ensureTopics(Config config, List<String> topics) {
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
        Consumer<String, String> kafka = consumer;
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
