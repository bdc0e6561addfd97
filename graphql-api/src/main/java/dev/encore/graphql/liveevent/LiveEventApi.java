package dev.encore.graphql.liveevent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.encore.graphql.catalog.Song;
import dev.encore.graphql.catalog.SongLookup;
import dev.encore.graphql.error.ApiException;
import dev.encore.graphql.playlist.Playlist;
import dev.encore.graphql.playlist.PlaylistApi;
import dev.encore.graphql.relay.Cursor;
import dev.encore.graphql.relay.PageInfo;
import dev.encore.graphql.relay.PageRequest;
import dev.encore.graphql.security.Callers;
import dev.encore.graphql.security.RequiresRole;
import dev.encore.graphql.security.Roles;
import dev.encore.graphql.subscription.BatchedFields;
import dev.encore.graphql.subscription.SharedStreams;
import dev.encore.graphql.subscription.SubscriptionHub;
import dev.encore.support.events.LiveEventChange;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import io.smallrye.graphql.api.federation.Resolver;
import io.smallrye.graphql.api.federation.requiresscopes.RequiresScopes;
import io.smallrye.graphql.api.federation.requiresscopes.ScopeGroup;
import io.smallrye.graphql.api.federation.requiresscopes.ScopeItem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** Live events: queries, the curator's writes, and the {@code nowPlaying} and {@code liveEventStatus} streams. */
@GraphQLApi
@ApplicationScoped
public class LiveEventApi {

    @Inject
    LiveEventService events;

    @Inject
    PlaylistApi playlists;

    @Inject
    SongLookup songs;

    @Inject
    SubscriptionHub hub;

    @Inject
    Clock clock;

    @Inject
    LiveEventResync resync;

    @Query
    @Description("The live event with this id, or null.")
    public Uni<LiveEvent> liveEvent(@Id @NonNull String id) {
        return events.find(id).map(LiveEvent::of);
    }

    /**
     * Federation: every {@code LiveEvent} representation of one {@code _entities} call in one query, in their order,
     * null where {@code liveEvent(id)} is null. See the federation package.
     */
    @Resolver
    public Uni<List<LiveEvent>> liveEventEntities(@Name("id") List<String> ids) {
        return events.find(ids).map(byId -> ids.stream().map(id -> LiveEvent.of(byId.get(id))).toList());
    }

    @Query
    @NonNull
    @Description("Live events: live ones first, then upcoming ones by start, then ended and cancelled ones.")
    public Uni<LiveEventConnection> liveEvents(Integer first, String after) {
        PageRequest request = PageRequest.of(first, after);
        int skip = request.after() == null ? 0 : request.after().position() + 1;
        return events.listing(skip, request.first() + 1).chain(found -> events.count().map(count -> {
            boolean more = found.size() > request.first();
            List<LiveEventEdge> edges = new ArrayList<>();
            for (int i = 0; i < Math.min(found.size(), request.first()); i++) {
                edges.add(new LiveEventEdge(new Cursor(Integer.toString(skip + i), found.get(i).id()).encode(),
                        LiveEvent.of(found.get(i))));
            }
            return new LiveEventConnection(edges,
                    PageInfo.of(edges.stream().map(LiveEventEdge::cursor).toList(), more), count.intValue());
        }));
    }

    @NonNull
    @Description("The playlist the event plays (its current state; what plays is the snapshot taken at LIVE).")
    public Uni<Playlist> playlist(@Source LiveEvent event) {
        return playlists.playlist(event.playlistId()).map(found -> {
            if (found == null) {
                throw ApiException.notFound("The playlist of this live event is gone or private.");
            }
            return found;
        });
    }

    @Description("What the event is playing now, or null when it is not LIVE.")
    public NowPlaying nowPlaying(@Source LiveEvent event) {
        return NowPlaying.at(event.document(), clock.instant());
    }

    /** Batched: the songs of every now-playing in the response in one catalog lookup. */
    @NonNull
    public Uni<List<@NonNull Song>> song(@Source List<NowPlaying> playing) {
        return songs.inOrder(playing.stream().map(NowPlaying::songId).toList());
    }

    @Mutation
    @NonNull
    @RequiresRole({Roles.CURATOR, Roles.ADMIN})
    @RequiresScopes(scopes = {@ScopeGroup(@ScopeItem(Roles.CURATOR)), @ScopeGroup(@ScopeItem(Roles.ADMIN))})
    @Description("Schedules a live event playing a playlist from startsAt (not in the past); the caller becomes its "
                 + "creator, who (besides admins) alone may cancel it.")
    public Uni<LiveEvent> createLiveEvent(@NonNull LiveEventInput input) {
        return events.create(input, Callers.current()).map(LiveEvent::of);
    }

    @Mutation
    @NonNull
    @RequiresRole({Roles.CURATOR, Roles.ADMIN})
    @RequiresScopes(scopes = {@ScopeGroup(@ScopeItem(Roles.CURATOR)), @ScopeGroup(@ScopeItem(Roles.ADMIN))})
    @Description("Cancels a SCHEDULED or LIVE event (CONFLICT otherwise). Only the curator who created the event, or "
                 + "an admin, may cancel it (FORBIDDEN otherwise, and nothing changes).")
    public Uni<LiveEvent> cancelLiveEvent(@Id @NonNull String id) {
        return events.cancel(id, Callers.current()).map(LiveEvent::of);
    }

    @Subscription
    @NonNull
    @Description("The song playing now (at once, when the event is LIVE), then every song change, on any replica.")
    public Multi<NowPlaying> nowPlaying(@Id @NonNull String eventId) {
        // The same for every caller (an event and the catalog are public), and each song supersedes the last: run
        // once per event for all of this replica's subscribers of the same document.
        return SharedStreams.acrossCallers(nowPlayingStream(eventId));
    }

    private Multi<NowPlaying> nowPlayingStream(String eventId) {
        return subscribeWithState(eventId, true, (event, now, updates) -> {
            // What changed between registering and reading is in both: each song goes out once.
            AtomicInteger told = new AtomicInteger(now == null ? -1 : now.index());
            Multi<NowPlaying> changes = updates
                    .filter(update -> update.change().kind() == LiveEventChange.Kind.NOW_PLAYING)
                    .filter(update -> told.getAndAccumulate(update.change().index(), Math::max)
                                      < update.change().index())
                    .map(update -> {
                        LiveEventChange change = update.change();
                        var at = clock.instant();
                        return new NowPlaying(eventId, change.index(), change.startedAt(),
                                (int) Math.max(0, at.toEpochMilli() - change.startedAt().toEpochMilli()), at,
                                change.songId());
                    });
            return now == null ? changes
                    : Multi.createBy().concatenating().streams(Multi.createFrom().item(now), changes);
        });
    }

    @Subscription
    @NonNull
    @Description("The event at once, then again after every status change (SCHEDULED, LIVE, ENDED, CANCELLED).")
    public Multi<LiveEvent> liveEventStatus(@Id @NonNull String eventId) {
        return subscribeWithState(eventId, false, (event, now, updates) -> {
            // A status change between registering and reading is already in the first message: not twice.
            AtomicReference<LiveEventStatus> told = new AtomicReference<>(event.status());
            Multi<LiveEvent> changes = updates
                    .filter(update -> update.change().kind() == LiveEventChange.Kind.STATUS && update.event() != null)
                    .filter(update -> told.getAndSet(update.event().status()) != update.event().status())
                    .map(update -> LiveEvent.of(update.event()));
            return Multi.createBy().concatenating().streams(Multi.createFrom().item(LiveEvent.of(event)), changes);
        });
    }

    /** A subscription's stream, from the event as read at subscribe, what plays then, and the updates since. */
    @FunctionalInterface
    private interface StreamFromState<T> {
        Multi<T> stream(LiveEventDocument event, NowPlaying now, Multi<LiveUpdate> updates);
    }

    /**
     * Registers in the hub first, so a change between the read and the transport's subscribe still comes; then reads
     * the event, tells the resync what the subscriber starts from, and builds the stream (batched fields dispatched).
     */
    private <T> Multi<T> subscribeWithState(String eventId, boolean latestWins, StreamFromState<T> stream) {
        return hub.subscribe(LiveEventResync.key(eventId), latestWins, registration -> {
            LiveEventDocument event = current(eventId);
            NowPlaying now = NowPlaying.at(event, clock.instant());
            resync.sent(event, now == null ? -1 : now.index());
            return BatchedFields.dispatched(
                    stream.stream(event, now, registration.updates().map(LiveUpdate.class::cast)));
        });
    }

    /**
     * The event now, read before the stream exists (blocking, on the WebSocket's virtual thread) so that an unknown id
     * is an error answer to the subscribe rather than a stream that fails later.
     */
    private LiveEventDocument current(String eventId) {
        LiveEventDocument event = events.find(eventId).await().atMost(java.time.Duration.ofSeconds(5));
        if (event == null) {
            throw ApiException.notFound("There is no live event " + eventId + ".");
        }
        return event;
    }
}
