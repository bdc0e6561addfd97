package dev.encore.chat.fanout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.encore.chat.ChatMetrics;
import dev.encore.chat.delivery.Frames;
import dev.encore.chat.delivery.LocalRooms;
import dev.encore.chat.model.ChatSignalReceived;
import dev.encore.chat.model.Message;
import dev.encore.support.events.ChatMessageEvent;
import dev.encore.support.events.ChatSignal;
import dev.encore.support.events.LiveEventChange;
import dev.encore.support.events.Topics;
import dev.encore.support.kafka.KafkaSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;

/**
 * Every replica reads every partition of {@code chat-messages}, {@code chat-signals} and {@code live-events} from the
 * end, without a consumer group: each replica must see everything, nothing is committed, and skipping group
 * coordination means no rebalance pause when replicas come and go. History comes from MongoDB, never from here.
 *
 * <p>Messages, deletes, typing and live-event frames go straight to {@link LocalRooms}. Presence, ban and moderation
 * signals are fired as a synchronous CDI event ({@link ChatSignalReceived}) that presence and moderation observe, so
 * this adapter depends on the delivery layer only, never on the rules above it.
 */
@ApplicationScoped
public class ChatListener {

    private static final Logger LOG = Logger.getLogger(ChatListener.class.getName());
    private static final List<String> TOPICS = List.of(Topics.CHAT_MESSAGES, Topics.CHAT_SIGNALS, Topics.LIVE_EVENTS);

    @Inject
    Config config;

    @Inject
    LocalRooms rooms;

    @Inject
    Event<ChatSignalReceived> signals;

    @Inject
    ChatPublisher publisher;

    @Inject
    ChatMetrics metrics;

    private final Jsonb jsonb = JsonbBuilder.create();
    private volatile boolean running = true;
    private volatile boolean assigned;
    private volatile double lag;
    private KafkaConsumer<String, String> consumer;
    private Thread thread;

    void start(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        Map<String, Object> props = KafkaSettings.clientProperties(config);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "chat-listener-" + publisher.instanceId());
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        consumer = new KafkaConsumer<>(props);
        metrics.gauge("chat.kafka.lag", () -> lag);
        thread = Thread.ofPlatform().name("chat-listener").daemon().start(this::run);
    }

    /** True once this replica reads all partitions of its topics: until then it could miss messages. */
    public boolean assigned() {
        return assigned;
    }

    @PreDestroy
    void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long nextDiscovery = 0;
        int known = 0;
        try {
            while (running) {
                if (System.nanoTime() - nextDiscovery > 0) {
                    List<TopicPartition> partitions = discover();
                    if (partitions.size() != known && coversAllTopics(partitions)) {
                        // Keep the positions of partitions we already read; new ones start at their end.
                        consumer.assign(partitions);
                        partitions.forEach(consumer::position);
                        known = partitions.size();
                        assigned = true;
                        LOG.info(() -> "reading " + partitions.size() + " partitions of " + TOPICS);
                    }
                    nextDiscovery = System.nanoTime() + (assigned ? 30_000_000_000L : 500_000_000L);
                }
                if (!assigned) {
                    Thread.sleep(200);
                    continue;
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    handle(record);
                }
                lag = lagFromMetrics();
            }
        } catch (WakeupException e) {
            // stopping
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "chat listener stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private List<TopicPartition> discover() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(2));
                if (infos != null) {
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
            } catch (RuntimeException e) {
                LOG.fine(() -> "partitions of " + topic + " unknown yet: " + e);
            }
        }
        return partitions;
    }

    private static boolean coversAllTopics(List<TopicPartition> partitions) {
        return TOPICS.stream().allMatch(t -> partitions.stream().anyMatch(p -> p.topic().equals(t)));
    }

    private double lagFromMetrics() {
        for (Map.Entry<org.apache.kafka.common.MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
            if (e.getKey().name().equals("records-lag-max") && e.getKey().tags().size() == 1) {
                Object value = e.getValue().metricValue();
                return value instanceof Double d && !d.isNaN() ? d : 0;
            }
        }
        return 0;
    }

    private void handle(ConsumerRecord<String, String> record) {
        try {
            switch (record.topic()) {
                case Topics.CHAT_MESSAGES -> chatMessage(jsonb.fromJson(record.value(), ChatMessageEvent.class));
                case Topics.CHAT_SIGNALS -> signal(jsonb.fromJson(record.value(), ChatSignal.class));
                case Topics.LIVE_EVENTS -> liveEvent(jsonb.fromJson(record.value(), LiveEventChange.class));
                default -> { }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "skipping unreadable record on " + record.topic() + " at " + record.offset(), e);
        }
    }

    private void chatMessage(ChatMessageEvent event) {
        if (event.kind() == ChatMessageEvent.Kind.DELETED) {
            rooms.broadcast(event.roomId(), Frames.deleted(event.id()));
        } else if (event.kind() == ChatMessageEvent.Kind.MESSAGE && Message.parseId(event.id()) > 0) {
            rooms.offer(new Message(event.id(), event.roomId(), event.userId(), event.displayName(), event.text(),
                    event.ts(), event.clientId()));
        }
    }

    private void signal(ChatSignal signal) {
        boolean mine = publisher.instanceId().equals(signal.instanceId());
        switch (signal.kind()) {
            case TYPING -> {
                if (!mine) {
                    rooms.broadcastToOthers(signal.roomId(), signal.userId(),
                            Frames.typing(signal.userId(), signal.displayName()));
                }
            }
            case PRESENCE, MODERATION -> signals.fire(new ChatSignalReceived(signal, mine));
            case BAN -> {
                // Synchronous: moderation forgets the cached standing before the sockets close, as it did when called.
                signals.fire(new ChatSignalReceived(signal, mine));
                rooms.closeUser(signal.roomId(), signal.userId(), 4403, "banned from this room");
            }
        }
    }

    private void liveEvent(LiveEventChange change) {
        if (change.eventId() == null || rooms.room(change.eventId()) == null) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("eventId", change.eventId());
        String frame;
        if (change.kind() == LiveEventChange.Kind.NOW_PLAYING) {
            fields.put("songId", change.songId());
            fields.put("songTitle", change.songTitle());
            fields.put("artistName", change.artistName());
            fields.put("index", change.index());
            fields.put("startedAt", change.startedAt() == null ? null : change.startedAt().toString());
            String text = "Now playing: " + change.songTitle()
                    + (change.artistName() == null ? "" : " by " + change.artistName());
            frame = Frames.system("nowPlaying", text, fields);
        } else {
            fields.put("status", change.status());
            fields.put("at", change.at() == null ? null : change.at().toString());
            frame = Frames.system("status", "The event is now " + change.status(), fields);
        }
        rooms.broadcast(change.eventId(), frame);
    }
}
