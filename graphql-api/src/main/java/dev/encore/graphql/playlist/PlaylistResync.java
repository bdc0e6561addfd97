package dev.encore.graphql.playlist;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.encore.graphql.ResyncConfig;
import dev.encore.graphql.subscription.SubscriptionHub;
import dev.encore.support.events.PlaylistEvent;
import dev.encore.support.scheduling.Cancellable;
import dev.encore.support.scheduling.Timers;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The one place that tells this replica's {@code playlistUpdated} subscribers about a change, and what it told them
 * (the playlist's revision). Changes come from Kafka (the updates listener calls {@link #changed}); when Kafka was
 * down or a record was lost, every {@code subscriptions.resync-interval} each subscribed playlist is read from
 * MongoDB and, if a revision seen there one interval ago still has not been told (so Kafka is not merely a moment
 * behind), its current state is sent as an {@code UPDATED} change. A revision is sent at most once, never older
 * after newer, so the two paths never double up.
 */
@ApplicationScoped
public class PlaylistResync {

    private static final System.Logger LOG = System.getLogger(PlaylistResync.class.getName());
    private static final String PREFIX = "playlist:";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final long DELETED = Long.MAX_VALUE;
    /**
     * A write is stamped with its replica's clock just before it lands; this covers that gap and the skew of NTP-kept
     * clocks between replicas, so a write that landed after a subscribe is not taken for one made before it. Kept
     * small: a write stamped within it before the subscribe is told to the new subscriber when its event comes late.
     */
    static final Duration CLOCK_SLACK = Duration.ofMillis(25);

    @Inject
    SubscriptionHub hub;

    @Inject
    PlaylistRepository playlists;

    @Inject
    ResyncConfig config;

    private final Map<String, Long> told = new ConcurrentHashMap<>();
    /** Revisions a resync found ahead of {@link #told}; sent by the next resync if Kafka has not caught up by then. */
    private final Map<String, Long> behind = new ConcurrentHashMap<>();
    private Cancellable timer;

    void start(@Observes @Initialized(ApplicationScoped.class) Object startup, Timers timers) {
        Duration every = config.interval();
        timer = timers.every("playlist-resync", every, every, this::resync);
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.cancel();
        }
    }

    /**
     * The changes a new subscriber gets: those published since it {@linkplain SubscriptionHub#register registered},
     * each revision once, none older than the one it read. The revision it read is sent too, when its event comes
     * later, if that write may have landed after the subscribe (stamped less than {@link #CLOCK_SLACK} before the
     * registration): nothing else would tell the client. A revision written well before the subscribe is not resent.
     */
    public Multi<PlaylistChange> follow(SubscriptionHub.Registration registration, PlaylistDocument read) {
        told.merge(read.id(), read.rev(), Math::max); // the baseline of the resync: it need not send what was read
        boolean writtenBefore = read.updatedAt().isBefore(registration.registeredAt().minus(CLOCK_SLACK));
        AtomicLong sent = new AtomicLong(writtenBefore ? read.rev() : read.rev() - 1);
        return registration.updates().map(PlaylistChange.class::cast).filter(change -> {
            long revision = revision(change.playlist());
            return sent.getAndAccumulate(revision, Math::max) < revision;
        });
    }

    /** The hub key of a playlist's subscribers ({@code playlist:<id>}). */
    public static String key(String playlistId) {
        return PREFIX + playlistId;
    }

    /**
     * A change from Kafka. Only when this replica has subscribers for the playlist is its state read, once (not once
     * per subscriber), and published unless {@linkplain #superseded superseded}.
     */
    public void changed(PlaylistEvent event) {
        if (!hub.hasSubscribers(key(event.playlistId()))) {
            return;
        }
        PlaylistDocument after = event.kind() == PlaylistEvent.Kind.DELETED ? null
                : playlists.findById(event.playlistId()).await().atMost(READ_TIMEOUT);
        if (!superseded(event.version(), after)) {
            tell(event.playlistId(), event.kind().name(), after);
        }
    }

    /**
     * Whether the playlist has moved past the version this event is about. Then a later change's event is on its way
     * (same key, same partition) and tells that state under its own kind; sending it now would label the newer state
     * with this older change's kind. (Were that event lost, the resync sends the state.)
     */
    static boolean superseded(String eventVersion, PlaylistDocument after) {
        if (after == null || eventVersion == null) {
            return false;
        }
        try {
            return after.rev() > Long.parseLong(eventVersion);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * A change, with the playlist as read after it ({@code null} once deleted): published unless an older revision
     * than what was already told. The revision last told goes out again (a subscriber that read it may not have been
     * told it); each subscriber's {@link #follow} filter drops what it already has.
     */
    synchronized void tell(String playlistId, String kind, PlaylistDocument after) {
        long revision = revision(after);
        Long before = told.get(playlistId);
        if (before != null && before > revision) {
            return;
        }
        told.put(playlistId, revision);
        hub.publish(key(playlistId), new PlaylistChange(after == null ? "DELETED" : kind, after));
    }

    private static long revision(PlaylistDocument playlist) {
        return playlist == null ? DELETED : playlist.rev();
    }

    /** Sends what subscribers missed: the current state of every subscribed playlist that moved on since. */
    public void resync() {
        try {
            told.keySet().removeIf(id -> !hub.hasSubscribers(key(id)));
            behind.keySet().retainAll(told.keySet());
            for (String key : hub.keys(PREFIX)) {
                String id = key.substring(PREFIX.length());
                PlaylistDocument current = playlists.findById(id).await().atMost(READ_TIMEOUT);
                long revision = current == null ? DELETED : current.rev();
                long sent = told.getOrDefault(id, -1L);
                if (revision <= sent) {
                    behind.remove(id);
                } else if (behind.getOrDefault(id, -1L) > sent) {
                    // What the last resync saw is still untold a whole interval later: Kafka is not just a moment
                    // behind. Send the state now, even if the playlist kept changing meanwhile.
                    behind.remove(id);
                    tell(id, "UPDATED", current);
                } else {
                    behind.put(id, revision);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Playlist resync failed; retrying in " + config.interval() + ": " + e);
        }
    }
}
