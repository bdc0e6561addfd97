package dev.encore.chat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The chat metrics, in one place so their names stay consistent: {@code chat_messages_in_total} (accepted messages),
 * {@code chat_messages_out_total} (message frames queued to sockets), {@code chat_frames_rejected_total{code}},
 * {@code chat_slow_consumer_closes_total}, the feed's repairs ({@code chat_gap_fills_total}: ids read from MongoDB
 * because Kafka had not brought them; {@code chat_gap_tombstones_total}: ids given up after {@code chat.gap-give-up};
 * {@code chat_seq_conflicts_total}: inserts that found their id taken and tried the next one), and gauges for open
 * sockets, active rooms and Kafka lag.
 */
@ApplicationScoped
public class ChatMetrics {

    @Inject
    MetricRegistry registry;

    private Counter messagesIn;
    private Counter messagesOut;
    private Counter slowClosed;
    private Counter gapFills;
    private Counter gapTombstones;
    private Counter seqConflicts;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

    private Counter messagesIn() {
        if (messagesIn == null) {
            messagesIn = registry.counter("chat.messages.in");
        }
        return messagesIn;
    }

    public void messageIn() {
        messagesIn().inc();
    }

    public void messagesOut(long count) {
        if (messagesOut == null) {
            messagesOut = registry.counter("chat.messages.out");
        }
        messagesOut.inc(count);
    }

    public void rejected(String code) {
        rejected.computeIfAbsent(code, c -> registry.counter("chat.frames.rejected", new Tag("code", c))).inc();
    }

    public void slowConsumerClosed() {
        if (slowClosed == null) {
            slowClosed = registry.counter("chat.slow.consumer.closes");
        }
        slowClosed.inc();
    }

    public void gapFilled(long count) {
        if (gapFills == null) {
            gapFills = registry.counter("chat.gap.fills");
        }
        gapFills.inc(count);
    }

    public void gapTombstoned() {
        if (gapTombstones == null) {
            gapTombstones = registry.counter("chat.gap.tombstones");
        }
        gapTombstones.inc();
    }

    public void seqConflict() {
        if (seqConflicts == null) {
            seqConflicts = registry.counter("chat.seq.conflicts");
        }
        seqConflicts.inc();
    }

    public <T extends Number> void gauge(String name, Supplier<T> value) {
        registry.gauge(name, value);
    }
}
