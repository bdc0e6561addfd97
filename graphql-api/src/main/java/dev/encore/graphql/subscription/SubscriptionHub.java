package dev.encore.graphql.subscription;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * This replica's fan-out of updates to its own subscribers, by topic key ({@code playlist:<id>}, {@code live:<id>}).
 * The Kafka listener calls {@link #publish} once per update; each subscriber has its own bounded buffer, so a slow
 * WebSocket never holds up the listener or the other subscribers.
 *
 * <p>A subscriber {@linkplain #register registers} before it reads the state it starts from, and its buffer fills from
 * that moment, before the transport subscribes to its stream: an update published between the read and the
 * transport's subscribe is then waiting for it, not lost.
 */
@ApplicationScoped
public class SubscriptionHub {

    /** How many updates a subscriber that is not keeping up may have waiting before it fails. */
    static final int BUFFER = 256;

    private final Map<String, Set<UnicastProcessor<Object>>> subscribers = new ConcurrentHashMap<>();

    @Inject
    Clock clock;

    public SubscriptionHub() {
        this(Clock.systemUTC());
    }

    /** A hub whose registrations are stamped by this clock (CDI injects the application's clock instead). */
    public SubscriptionHub(Clock clock) {
        this.clock = clock;
    }

    /** One subscriber's place in the hub: the updates published under its key since it registered. */
    public static final class Registration {

        private final UnicastProcessor<Object> buffer;
        private final Multi<Object> updates;
        private final Instant registeredAt;

        private Registration(UnicastProcessor<Object> buffer, boolean latestWins, Instant registeredAt) {
            this.buffer = buffer;
            this.registeredAt = registeredAt;
            // Once subscribed, the processor's queue drains into these: a now-playing subscriber that falls behind
            // needs only the newest update; any other fails at once when it is {@value #BUFFER} behind.
            this.updates = latestWins ? buffer.onOverflow().dropPreviousItems() : buffer.onOverflow().buffer(BUFFER);
        }

        /** When the subscriber registered: what was written before, it did not subscribe for. */
        public Instant registeredAt() {
            return registeredAt;
        }

        /** The updates since registration, then every later one; subscribe once. */
        public Multi<Object> updates() {
            return updates;
        }

        /** Leaves the hub without ever subscribing (the subscribe failed after registering). */
        public void cancel() {
            buffer.onComplete();
        }
    }

    /**
     * Registers a subscriber to {@code key} now; its buffer keeps what is published until it subscribes. A buffer that
     * overflows ({@value #BUFFER} waiting) fails its stream and leaves the hub.
     *
     * @param latestWins keep only the newest waiting update for a slow subscriber (now playing); otherwise keep up to
     *                   {@value #BUFFER} and fail the stream beyond
     */
    public Registration register(String key, boolean latestWins) {
        AtomicReference<UnicastProcessor<Object>> self = new AtomicReference<>();
        UnicastProcessor<Object> buffer = UnicastProcessor.create(new ArrayBlockingQueue<>(BUFFER),
                () -> subscribers.computeIfPresent(key, (k, set) -> {
                    set.remove(self.get());
                    return set.isEmpty() ? null : set;
                }));
        self.set(buffer);
        subscribers.compute(key, (k, set) -> {
            Set<UnicastProcessor<Object>> present = set != null ? set : ConcurrentHashMap.newKeySet();
            present.add(buffer);
            return present;
        });
        return new Registration(buffer, latestWins, clock.instant());
    }

    /**
     * Registers under {@code key}, then builds the subscriber's stream from the registration (reading its start state
     * on the way). When building fails, an unknown id say, the registration leaves the hub and the failure goes on to
     * the caller as the subscribe's error.
     */
    public <T> Multi<T> subscribe(String key, boolean latestWins, Function<Registration, Multi<T>> stream) {
        Registration registration = register(key, latestWins);
        try {
            return stream.apply(registration);
        } catch (RuntimeException e) {
            registration.cancel();
            throw e;
        }
    }

    public boolean hasSubscribers(String key) {
        Set<UnicastProcessor<Object>> set = subscribers.get(key);
        return set != null && !set.isEmpty();
    }

    /** The keys starting with {@code prefix} that have subscribers on this replica now. */
    public java.util.List<String> keys(String prefix) {
        return subscribers.keySet().stream().filter(key -> key.startsWith(prefix) && hasSubscribers(key)).toList();
    }

    public int subscriberCount() {
        return subscribers.values().stream().mapToInt(Set::size).sum();
    }

    /** Subscribers registered under {@code key} now (tests wait on it: a subscription registers asynchronously). */
    public int subscriberCount(String key) {
        Set<UnicastProcessor<Object>> set = subscribers.get(key);
        return set == null ? 0 : set.size();
    }

    public void publish(String key, Object update) {
        Set<UnicastProcessor<Object>> set = subscribers.get(key);
        if (set != null) {
            set.forEach(buffer -> buffer.onNext(update));
        }
    }
}
