package dev.encore.support.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

/**
 * {@link ReplicaListener} against Kafka's mock consumer: ready (what readiness waits for) only once it has assigned
 * itself partitions of every topic and knows its position on each; a new consumer after a failure; a prompt stop.
 */
class ReplicaListenerTest {

    private static final TopicPartition ONE = new TopicPartition("one", 0);
    private static final TopicPartition TWO_A = new TopicPartition("two", 0);
    private static final TopicPartition TWO_B = new TopicPartition("two", 1);

    @Test
    void readyOnlyWhenPositionedOnEveryPartitionOfEveryTopic() throws InterruptedException {
        SlowConsumer kafka = new SlowConsumer();
        kafka.updatePartitions("two", List.of(partition(TWO_A), partition(TWO_B)));
        List<String> heard = new CopyOnWriteArrayList<>();
        ReplicaListener listener = new ReplicaListener("test-listener", List.of("one", "two"),
                (topic, value) -> heard.add(value), () -> kafka, () -> { });
        listener.start();
        try {
            Thread.sleep(700); // a discovery round or two
            assertThat("one topic of two has partitions", listener.ready(), is(false));

            kafka.positionsKnown = false;
            kafka.updatePartitions("one", List.of(partition(ONE)));
            eventually("assigned every partition", () -> kafka.assignment().size() == 3);
            Thread.sleep(700);
            assertThat("assigned everything, positions not known yet", listener.ready(), is(false));

            kafka.positionsKnown = true;
            eventually("positioned on every partition", listener::ready);
            kafka.schedulePollTask(() -> kafka.addRecord(new ConsumerRecord<>("one", 0, 3L, "k", "after ready")));
            eventually("the record is heard", () -> !heard.isEmpty());
            assertThat(heard, contains("after ready"));
        } finally {
            listener.stop();
        }
    }

    @Test
    void restartsWithANewConsumerAfterAFailure() throws InterruptedException {
        LinkedBlockingQueue<SlowConsumer> created = new LinkedBlockingQueue<>();
        List<String> heard = new CopyOnWriteArrayList<>();
        ReplicaListener listener = new ReplicaListener("test-listener", List.of("one"),
                (topic, value) -> heard.add(value), () -> {
                    SlowConsumer kafka = new SlowConsumer();
                    kafka.updatePartitions("one", List.of(partition(ONE)));
                    created.add(kafka);
                    return kafka;
                }, () -> { });
        listener.start();
        try {
            SlowConsumer first = created.poll(10, TimeUnit.SECONDS);
            eventually("the first consumer is positioned", listener::ready);
            first.schedulePollTask(() -> {
                throw new KafkaException("the broker went away");
            });
            SlowConsumer second = created.poll(10, TimeUnit.SECONDS);
            assertThat("a new consumer after the failure", second != null, is(true));
            assertThat("the failed one is closed", first.closed(), is(true));
            eventually("positioned again", listener::ready);
            second.schedulePollTask(() -> second.addRecord(new ConsumerRecord<>("one", 0, 3L, "k", "after restart")));
            eventually("the record is heard", () -> !heard.isEmpty());
            assertThat(heard, contains("after restart"));
        } finally {
            listener.stop();
        }
    }

    @Test
    void stopWakesThePollAndClosesTheConsumer() throws InterruptedException {
        SlowConsumer kafka = new SlowConsumer();
        kafka.updatePartitions("one", List.of(partition(ONE)));
        ReplicaListener listener = new ReplicaListener("test-listener", List.of("one"), (topic, value) -> { },
                () -> kafka, () -> { });
        listener.start();
        eventually("positioned", listener::ready);
        listener.stop();
        assertThat("closed by the listener's thread on its way out", kafka.closed(), is(true));
    }

    private static PartitionInfo partition(TopicPartition partition) {
        return new PartitionInfo(partition.topic(), partition.partition(), null, null, null);
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(what + " within 10 s", System.nanoTime() < deadline, is(true));
            Thread.sleep(20);
        }
    }

    /** A mock consumer at the end of every partition, whose position lookups time out while told to, as Kafka's can. */
    private static final class SlowConsumer extends MockConsumer<String, String> implements Consumer<String, String> {
        volatile boolean positionsKnown = true;

        SlowConsumer() {
            super(OffsetResetStrategy.LATEST);
            updateEndOffsets(Map.of(ONE, 3L, TWO_A, 5L, TWO_B, 0L));
        }

        @Override
        public synchronized long position(TopicPartition partition, Duration timeout) {
            if (!positionsKnown) {
                throw new TimeoutException("no position for " + partition + " yet");
            }
            return super.position(partition, timeout);
        }

        @Override
        public ConsumerRecords<String, String> poll(Duration timeout) {
            try {
                Thread.sleep(2); // the real poll waits; the mock's would spin
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.poll(timeout);
        }
    }
}
