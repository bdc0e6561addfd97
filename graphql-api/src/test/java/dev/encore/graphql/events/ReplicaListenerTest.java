package dev.encore.graphql.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

/**
 * {@link ReplicaListener#ready} (what graphql-api's readiness waits for): true only once the consumer is assigned every
 * topic and knows its position on each partition, false again when a rebalance takes partitions away.
 */
class ReplicaListenerTest {

    private static final TopicPartition ONE = new TopicPartition("one", 0);
    private static final TopicPartition TWO_A = new TopicPartition("two", 0);
    private static final TopicPartition TWO_B = new TopicPartition("two", 1);

    @Test
    void readyOnlyWhenPositionedOnEveryTopic() throws InterruptedException {
        SlowConsumer kafka = new SlowConsumer();
        kafka.updateEndOffsets(Map.of(ONE, 3L, TWO_A, 5L, TWO_B, 0L));
        List<String> heard = new CopyOnWriteArrayList<>();
        ReplicaListener listener = new ReplicaListener("test-listener", List.of("one", "two"),
                (topic, value) -> heard.add(value), () -> kafka, () -> { });
        listener.start();
        try {
            inPoll(kafka, () -> { });
            assertThat("subscribed, nothing assigned", listener.ready(), is(false));

            inPoll(kafka, () -> kafka.rebalance(List.of(TWO_A, TWO_B)));
            assertThat("one topic of two", listener.ready(), is(false));

            kafka.positionsKnown = false;
            inPoll(kafka, () -> kafka.rebalance(List.of(ONE, TWO_A, TWO_B)));
            assertThat("assigned everything, positions not known yet", listener.ready(), is(false));

            kafka.positionsKnown = true;
            inPoll(kafka, () -> { });
            assertThat("positioned on every partition", listener.ready(), is(true));
            inPoll(kafka, () -> kafka.addRecord(new ConsumerRecord<>("one", 0, 3L, "k", "after ready")));
            inPoll(kafka, () -> { });
            assertThat(heard, contains("after ready"));

            inPoll(kafka, () -> kafka.rebalance(List.of(ONE)));
            assertThat("a rebalance took a topic away", listener.ready(), is(false));
        } finally {
            listener.stop();
        }
    }

    /**
     * Runs {@code action} inside one of the listener's polls, and returns once the poll after it has started, so the
     * listener has acted on what that poll did.
     */
    private static void inPoll(SlowConsumer kafka, Runnable action) throws InterruptedException {
        CountDownLatch next = new CountDownLatch(1);
        kafka.schedulePollTask(action);
        kafka.schedulePollTask(next::countDown);
        assertThat("the listener keeps polling", next.await(10, TimeUnit.SECONDS), is(true));
    }

    /** A mock consumer whose position lookups time out while {@link #positionsKnown} is false, as Kafka's can. */
    private static final class SlowConsumer extends MockConsumer<String, String> {
        volatile boolean positionsKnown = true;

        SlowConsumer() {
            super(OffsetResetStrategy.LATEST);
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
