package dev.encore.support.kafka;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;

/**
 * A Kafka consumer that hears every record of its topics on every replica, from the end: cache eviction, a replica's
 * subscription feed, chat fan-out. It assigns itself every partition ({@code assign}, no consumer group): nothing is
 * committed, nothing is left on the broker when the replica goes away, and replicas coming and going cause no
 * rebalance pause. Reactive Messaging's shared groups would hand each record to one replica only.
 *
 * <p>Before connecting it creates missing topics through the {@link Admin} client (what auto-creation would do on the
 * first publish), then looks for the partitions every 500 ms until it has some of every topic, and every 30 s after
 * that (partitions added later start at their end). It runs on a platform thread of its own ({@code poll} blocks) and
 * starts over with a new consumer after a failure rather than going deaf.
 */
public final class ReplicaListener {

    private static final System.Logger LOG = System.getLogger(ReplicaListener.class.getName());
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(2);
    private static final long SEARCHING = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long SETTLED = TimeUnit.SECONDS.toNanos(30);

    private final String name;
    private final List<String> topics;
    private final BiConsumer<String, String> handler;
    private final Supplier<Consumer<String, String>> consumers;
    private final Runnable beforeConnect;
    private volatile Consumer<String, String> consumer;
    private volatile boolean running;
    /** Has a position on every partition of every topic: what is published from now on, it hears. */
    private volatile boolean positioned;
    private volatile double lag;
    private Thread thread;

    /**
     * @param name    names the client id and the thread
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
     * now on reaches it (readiness and tests wait for it). Being assigned is not enough: the position ({@code latest})
     * is looked up later, and a record published in between would be skipped. Cheap, and safe from any thread.
     */
    public boolean ready() {
        return positioned;
    }

    /** The consumer's {@code records-lag-max}: how many records the slowest partition is behind (0 when unknown). */
    public double lag() {
        return lag;
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

    /** Kafka consumers without a group: they read what they assign themselves, from the end, and commit nothing. */
    private static Supplier<Consumer<String, String>> kafkaConsumers(String name, Config config) {
        Map<String, Object> properties = KafkaSettings.clientProperties(config);
        properties.putAll(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.CLIENT_ID_CONFIG, name,
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "10000",
                // a record reaches its subscribers, or chat's sockets, without waiting out a 500 ms fetch
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50"));
        return () -> new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    private void run() {
        while (running) {
            beforeConnect.run();
            try (Consumer<String, String> kafka = consumers.get()) {
                consumer = kafka;
                if (!running) {
                    return; // stopped while connecting: stop() may have missed this consumer
                }
                listen(kafka);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                positioned = false;
                LOG.log(Level.ERROR, name + " failed; restarting it", e);
                sleep(1000);
            }
        }
    }

    private void listen(Consumer<String, String> kafka) {
        Set<TopicPartition> assigned = Set.of();
        long nextDiscovery = System.nanoTime();
        while (running) {
            if (System.nanoTime() - nextDiscovery >= 0) {
                Set<TopicPartition> found = discover(kafka);
                if (coversEveryTopic(found) && !found.equals(assigned)) {
                    // Partitions already read keep their position; new ones start at their end.
                    kafka.assign(found);
                    assigned = found;
                    positioned = false;
                    LOG.log(Level.INFO, name + " reads " + found.size() + " partitions of " + topics);
                }
                if (!positioned && !assigned.isEmpty()) {
                    positioned = positioned(kafka, assigned);
                }
                nextDiscovery = System.nanoTime() + (positioned ? SETTLED : SEARCHING);
            }
            if (assigned.isEmpty()) {
                sleep(200);
                continue;
            }
            for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(200))) {
                handler.accept(record.topic(), record.value());
            }
            lag = lagFromMetrics(kafka);
        }
    }

    /** Every partition of the topics that Kafka knows of now; a topic it cannot tell about yet is left out. */
    private Set<TopicPartition> discover(Consumer<String, String> kafka) {
        Set<TopicPartition> partitions = new HashSet<>();
        for (String topic : topics) {
            try {
                List<PartitionInfo> infos = kafka.partitionsFor(topic, LOOKUP_TIMEOUT);
                if (infos != null) {
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> name + ": partitions of " + topic + " unknown yet: " + e);
            }
        }
        return partitions;
    }

    private boolean coversEveryTopic(Set<TopicPartition> partitions) {
        return topics.stream().allMatch(topic -> partitions.stream().anyMatch(p -> p.topic().equals(topic)));
    }

    /** Whether the consumer knows its position on each partition, looking it up now (a slow broker: next round). */
    private boolean positioned(Consumer<String, String> kafka, Set<TopicPartition> partitions) {
        try {
            for (TopicPartition partition : new ArrayList<>(partitions)) {
                kafka.position(partition, LOOKUP_TIMEOUT);
            }
            return true;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return false;
        }
    }

    private static double lagFromMetrics(Consumer<String, String> kafka) {
        for (var metric : kafka.metrics().entrySet()) {
            // the consumer-wide records-lag-max (tagged with the client id only), not a per-partition one
            if (metric.getKey().name().equals("records-lag-max") && metric.getKey().tags().size() == 1) {
                return metric.getValue().metricValue() instanceof Double d && !d.isNaN() ? d : 0;
            }
        }
        return 0;
    }

    /**
     * Creates missing topics with the broker's defaults (what auto-creation would do on the first publish), so this
     * consumer finds their partitions before the first event, not once somebody publishes.
     */
    private static void ensureTopics(Config config, List<String> topics) {
        try (Admin admin = Admin.create(KafkaSettings.clientProperties(config))) {
            var existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
            var missing = topics.stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, Optional.empty(), Optional.empty())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // Someone else created them first, or Kafka is down: discovery finds them once they exist.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
