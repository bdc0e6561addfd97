package dev.encore.graphql.liveevent;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.encore.graphql.catalog.ArtistDocument;
import dev.encore.graphql.catalog.CatalogService;
import dev.encore.graphql.catalog.SongDocument;
import dev.encore.graphql.error.ApiException;
import dev.encore.graphql.error.ErrorCode;
import dev.encore.graphql.publishing.GraphqlEvents;
import dev.encore.graphql.liveevent.LiveEventDocument.Slot;
import dev.encore.graphql.playlist.PlaylistDocument;
import dev.encore.graphql.playlist.PlaylistRepository;
import dev.encore.graphql.security.Caller;
import dev.encore.graphql.security.Callers;
import dev.encore.graphql.security.Roles;
import dev.encore.support.events.LiveEventChange;
import dev.encore.support.events.Topics;
import dev.encore.support.mongo.Indexes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.bson.types.ObjectId;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Live event rules: creation and cancellation (only by the event's creator or an admin; events stored without a
 * creator only by an admin), and {@link #advance}, the one idempotent step the
 * scheduler runs for an event: it computes from the schedule what the state should be at {@code now} and writes the
 * difference with a conditional update, publishing on {@value Topics#LIVE_EVENTS} only what it actually changed.
 */
@ApplicationScoped
public class LiveEventService {

    private static final System.Logger LOG = System.getLogger(LiveEventService.class.getName());
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Transitions this replica wrote (each one also published). */
    public static final String WRITTEN = "encore.live_events.transitions.written";
    /** Scheduler writes MongoDB refused because a newer leader's token is on the event (a stale leader). */
    public static final String FENCED = "encore.live_events.writes.fenced";

    @Inject
    LiveEventRepository events;

    @Inject
    PlaylistRepository playlists;

    @Inject
    CatalogService catalog;

    @Inject
    GraphqlEvents publisher;

    @Inject
    Clock clock;

    @Inject
    MetricRegistry metrics;

    void createIndexes(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        Indexes.ensureAtStartup("live event", events::ensureIndexes);
    }

    public Uni<LiveEventDocument> find(String id) {
        return events.findById(id);
    }

    /** The events with these ids, by id, in one query; unknown ids are absent. */
    public Uni<Map<String, LiveEventDocument>> find(Collection<String> ids) {
        return events.findByIds(ids).map(found -> {
            Map<String, LiveEventDocument> byId = new HashMap<>();
            found.forEach(event -> byId.put(event.id(), event));
            return byId;
        });
    }

    public Uni<List<LiveEventDocument>> listing(int skip, int limit) {
        return events.listing(skip, limit);
    }

    public Uni<Long> count() {
        return events.count();
    }

    public Uni<LiveEventDocument> create(LiveEventInput input, Caller caller) {
        String title = input.title() == null ? "" : input.title().strip();
        if (title.isEmpty() || title.length() > 200) {
            throw ApiException.badInput("input.title", "input.title must be 1 to 200 characters.");
        }
        OffsetDateTime startsAt;
        try {
            startsAt = OffsetDateTime.parse(input.startsAt());
        } catch (DateTimeParseException | NullPointerException e) {
            throw ApiException.badInput("input.startsAt",
                    "input.startsAt must be ISO-8601 with an offset, such as 2026-06-21T20:00:00+02:00.");
        }
        Instant now = clock.instant();
        if (!startsAt.toInstant().isAfter(now)) {
            throw ApiException.badInput("input.startsAt", "input.startsAt is in the past.");
        }
        String zone;
        try {
            zone = input.timeZone() == null || input.timeZone().isBlank() ? startsAt.getOffset().getId()
                    : ZoneId.of(input.timeZone().strip()).getId();
        } catch (DateTimeException e) {
            throw ApiException.badInput("input.timeZone", "input.timeZone must be a zone id such as Europe/Berlin.");
        }
        return playlists.findById(input.playlistId()).chain(playlist -> {
            if (playlist == null) {
                return Uni.createFrom().failure(ApiException.notFound("There is no playlist " + input.playlistId()
                                                                      + "."));
            }
            if (!playlist.isPublic() && !playlist.ownerId().equals(caller.userId())) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.FORBIDDEN,
                        "A live event can only play a public playlist or one of your own."));
            }
            LiveEventDocument event = new LiveEventDocument(new ObjectId().toHexString(), title,
                    startsAt.toInstant(), zone, playlist.id(), caller.userId(), LiveEventStatus.SCHEDULED, null,
                    List.of(), -1, 0, now, now);
            return events.insert(event).replaceWith(event);
        }).invoke(event -> publishStatus(event));
    }

    /**
     * Cancels a SCHEDULED or LIVE event for its creator or an admin. The creator is part of the write's condition, so
     * the check and the write are one atomic step; when nothing matched, a read says why (unknown, not yours, or
     * already over), in that order.
     */
    public Uni<LiveEventDocument> cancel(String id, Caller caller) {
        Callers.require(caller, Roles.CURATOR, Roles.ADMIN);
        boolean admin = caller.hasAnyRole(Roles.ADMIN);
        return events.cancel(id, admin ? null : caller.userId(), clock.instant()).chain(cancelled -> {
            if (cancelled != null) {
                publishStatus(cancelled);
                return Uni.createFrom().item(cancelled);
            }
            return events.findById(id).map(current -> {
                if (current == null) {
                    throw ApiException.notFound("There is no live event " + id + ".");
                }
                if (!admin && !caller.userId().equals(current.createdBy())) {
                    throw new ApiException(ErrorCode.FORBIDDEN, "Only the curator who created this live event, or "
                                                                + "an admin, may cancel it.");
                }
                throw ApiException.conflict("The live event is " + current.status()
                                            + "; only a SCHEDULED or LIVE one can be cancelled.");
            });
        });
    }

    /**
     * Brings one event to the state its schedule says it has at {@code now}, writing with lease {@code token}.
     * Blocking; the scheduler calls it on its own threads.
     *
     * @return when this event next needs a step, or {@code null} when it needs none (ended, cancelled, or another
     *         writer got there first and will be seen on the next tick)
     */
    public Instant advance(LiveEventDocument event, Instant now, long token) {
        switch (event.status()) {
            case SCHEDULED -> {
                if (now.isBefore(event.startsAt())) {
                    return event.startsAt();
                }
                List<Slot> snapshot = snapshot(event.playlistId());
                Instant endsAt = LiveEventDocument.endOf(event.startsAt(), snapshot);
                int index = LiveEventDocument.indexAt(event.startsAt(), snapshot, now);
                if (index < 0) {
                    LiveEventDocument ended = written(events.end(event.id(), token, LiveEventStatus.SCHEDULED,
                            snapshot, endsAt, now).await().atMost(WAIT), event.id(), token);
                    if (ended != null) {
                        publishStatus(ended);
                    }
                    return null;
                }
                LiveEventDocument live = written(events.goLive(event.id(), token, snapshot, endsAt, index, now)
                        .await().atMost(WAIT), event.id(), token);
                if (live == null) {
                    return null;
                }
                publishStatus(live);
                publishNowPlaying(live, index);
                return next(live, index);
            }
            case LIVE -> {
                if (!now.isBefore(event.endsAt())) {
                    LiveEventDocument ended = written(events.end(event.id(), token, LiveEventStatus.LIVE,
                            event.snapshot(), event.endsAt(), now).await().atMost(WAIT), event.id(), token);
                    if (ended != null) {
                        publishStatus(ended);
                    }
                    return null;
                }
                int index = LiveEventDocument.indexAt(event.startsAt(), event.snapshot(), now);
                if (index > event.index()) {
                    LiveEventDocument advanced = written(events.advance(event.id(), token, event.index(), index,
                            now).await().atMost(WAIT), event.id(), token);
                    if (advanced == null) {
                        return null;
                    }
                    publishNowPlaying(advanced, index);
                }
                return next(event, index);
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * The outcome of one conditional write. When it matched nothing, either another writer with the same token got
     * there first (a duplicate fire: normal, silent), or a newer leader's token is on the event: this replica is a
     * stale leader (paused or cut off past its lease) and MongoDB refused its write, which is logged and counted.
     */
    private LiveEventDocument written(LiveEventDocument result, String eventId, long token) {
        if (result != null) {
            metrics.counter(WRITTEN).inc();
            return result;
        }
        LiveEventDocument current = events.findById(eventId).await().atMost(WAIT);
        if (current != null && current.fence() > token) {
            metrics.counter(FENCED).inc();
            LOG.log(Level.WARNING, "Refused a stale scheduler write on live event " + eventId + ": its fence is "
                                   + current.fence() + ", this replica's lease token " + token
                                   + " is older (another replica took the lease over); nothing was written");
        }
        return null;
    }

    private static Instant next(LiveEventDocument event, int index) {
        return index + 1 < event.snapshot().size() ? event.slotStart(index + 1) : event.endsAt();
    }

    /** The playlist as it is now, with titles and artist names; empty when the playlist is gone. */
    private List<Slot> snapshot(String playlistId) {
        PlaylistDocument playlist = playlists.findById(playlistId).await().atMost(WAIT);
        if (playlist == null || playlist.items().isEmpty()) {
            return List.of();
        }
        Map<String, SongDocument> songs = catalog.songs(playlist.items().stream()
                .map(PlaylistDocument.ItemDocument::songId).distinct().toList()).await().atMost(WAIT);
        Map<String, ArtistDocument> artists = catalog.artists(songs.values().stream().map(SongDocument::artistId)
                .distinct().toList()).await().atMost(WAIT);
        List<Slot> slots = new ArrayList<>();
        for (PlaylistDocument.ItemDocument item : playlist.items()) {
            SongDocument song = songs.get(item.songId());
            if (song != null && song.durationMs() > 0) {
                ArtistDocument artist = artists.get(song.artistId());
                slots.add(new Slot(item.id(), song.id(), song.durationMs(), song.title(),
                        artist == null ? null : artist.name()));
            }
        }
        return slots;
    }

    private void publishStatus(LiveEventDocument event) {
        publisher.publish(Topics.LIVE_EVENTS, event.id(), new LiveEventChange(LiveEventChange.Kind.STATUS,
                event.id(), event.status().name(), null, null, null, null, null, clock.instant()));
    }

    private void publishNowPlaying(LiveEventDocument event, int index) {
        Slot slot = event.snapshot().get(index);
        publisher.publish(Topics.LIVE_EVENTS, event.id(), new LiveEventChange(LiveEventChange.Kind.NOW_PLAYING,
                event.id(), event.status().name(), slot.songId(), slot.title(), slot.artistName(), index,
                event.slotStart(index), clock.instant()));
    }
}
