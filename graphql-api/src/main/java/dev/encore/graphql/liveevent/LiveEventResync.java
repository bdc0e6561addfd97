package dev.encore.graphql.liveevent;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.encore.graphql.ResyncConfig;
import dev.encore.graphql.subscription.SubscriptionHub;
import dev.encore.support.events.LiveEventChange;
import dev.encore.support.scheduling.Cancellable;
import dev.encore.support.scheduling.Timers;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * What this replica's live event subscribers have been told, per event (status, song index), and the one place
 * that tells them more. Changes come from Kafka (the updates listener calls {@link #changed}); in case Kafka was
 * down or a record was lost, every {@code subscriptions.resync-interval} the state of each event that has
 * subscribers here is also read from MongoDB and compared, and what the subscribers missed is sent (the schedule is
 * the truth, so this needs no event history). Either way each status and each song start reaches a subscriber
 * once, in order.
 */
@ApplicationScoped
public class LiveEventResync {

    private static final System.Logger LOG = System.getLogger(LiveEventResync.class.getName());
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final String PREFIX = "live:";

    @Inject
    SubscriptionHub hub;

    @Inject
    LiveEventService events;

    @Inject
    Clock clock;

    @Inject
    ResyncConfig config;

    private final Map<String, Told> told = new ConcurrentHashMap<>();
    private Cancellable timer;

    private record Told(LiveEventStatus status, int index) {
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object startup, Timers timers) {
        Duration every = config.interval();
        timer = timers.every("live-resync", every, every, this::resync);
    }

    /** A subscriber was just sent this state (a new subscription's first message). */
    public void sent(LiveEventDocument event, int index) {
        told.putIfAbsent(event.id(), new Told(event.status(), index));
    }

    /** The hub key of an event's subscribers ({@code live:<id>}). */
    public static String key(String eventId) {
        return PREFIX + eventId;
    }

    /**
     * A change from Kafka. Only when this replica has subscribers for the event is what they have not been told
     * published. A status change is published with the event as read after it, once (not once per subscriber), since
     * {@code liveEventStatus} sends the whole event; a song change carries all that {@code nowPlaying} sends, so it
     * goes out without a read, which would delay the song's start for every subscriber (and every record behind it
     * on this listener) by a MongoDB round trip.
     */
    public void changed(LiveEventChange change) {
        if (hub.hasSubscribers(key(change.eventId()))) {
            tell(change, change.kind() == LiveEventChange.Kind.NOW_PLAYING ? null
                    : events.find(change.eventId()).await().atMost(READ_TIMEOUT));
        }
    }

    /** A change, with the event as read after it: published unless the subscribers were already told it. */
    synchronized void tell(LiveEventChange change, LiveEventDocument event) {
        Told before = told.get(change.eventId());
        if (change.kind() == LiveEventChange.Kind.STATUS) {
            LiveEventStatus status = LiveEventStatus.valueOf(change.status());
            if (before == null || before.status() != status) {
                told.put(change.eventId(), new Told(status, before == null ? -1 : before.index()));
                hub.publish(key(change.eventId()), new LiveUpdate(change, event));
            }
        } else if (before == null || change.index() > before.index()) {
            told.put(change.eventId(), new Told(before == null ? LiveEventStatus.LIVE : before.status(),
                    change.index()));
            hub.publish(key(change.eventId()), new LiveUpdate(change, event));
        }
    }

    /** Compares what subscribers were told with the stored state and sends the difference. */
    public void resync() {
        try {
            told.keySet().removeIf(id -> !hub.hasSubscribers(key(id)));
            for (String key : hub.keys(PREFIX)) {
                String id = key.substring(PREFIX.length());
                LiveEventDocument event = events.find(id).await().atMost(READ_TIMEOUT);
                if (event == null || !told.containsKey(id)) {
                    continue;
                }
                int index = event.status() == LiveEventStatus.LIVE ? event.index() : -1;
                tell(new LiveEventChange(LiveEventChange.Kind.STATUS, id, event.status().name(), null, null, null,
                        null, null, clock.instant()), event);
                if (index >= 0) {
                    LiveEventDocument.Slot slot = event.snapshot().get(index);
                    tell(new LiveEventChange(LiveEventChange.Kind.NOW_PLAYING, id, event.status().name(),
                            slot.songId(), slot.title(), slot.artistName(), index, event.slotStart(index),
                            clock.instant()), event);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Live state resync failed; the next one retries: " + e);
        }
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.cancel();
        }
    }
}
