package dev.encore.graphql.subscription;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * This replica's fan-out of updates to its own subscribers, by topic key ({@code playlist:<id>}, {@code live:<id>}).
 * The Kafka listener calls {@link #publish} once per update; each subscriber has its own bounded buffer, so a slow
 * WebSocket never holds up the listener or the other subscribers.
 */
@ApplicationScoped
public class SubscriptionHub {

    /** How many updates a subscriber that is not keeping up may have waiting before it fails. */
    static final int BUFFER = 256;

    private final Map<String, Set<MultiEmitter<? super Object>>> subscribers = new ConcurrentHashMap<>();

    /**
     * The updates published under {@code key} from now on.
     *
     * @param latestWins keep only the newest waiting update for a slow subscriber (now playing); otherwise keep up to
     *                   {@value #BUFFER} and fail the stream beyond
     */
    public Multi<Object> updates(String key, boolean latestWins) {
        java.util.function.Consumer<MultiEmitter<? super Object>> register = emitter -> {
            Set<MultiEmitter<? super Object>> set =
                    subscribers.computeIfAbsent(key, ignored -> ConcurrentHashMap.newKeySet());
            set.add(emitter);
            emitter.onTermination(() -> {
                set.remove(emitter);
                subscribers.computeIfPresent(key, (k, s) -> s.isEmpty() ? null : s);
            });
        };
        return latestWins ? Multi.createFrom().emitter(register, BackPressureStrategy.LATEST)
                : Multi.createFrom().emitter(register, BUFFER);
    }

    public boolean hasSubscribers(String key) {
        Set<MultiEmitter<? super Object>> set = subscribers.get(key);
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
        Set<MultiEmitter<? super Object>> set = subscribers.get(key);
        return set == null ? 0 : set.size();
    }

    public void publish(String key, Object update) {
        Set<MultiEmitter<? super Object>> set = subscribers.get(key);
        if (set != null) {
            set.forEach(emitter -> emitter.emit(update));
        }
    }
}
