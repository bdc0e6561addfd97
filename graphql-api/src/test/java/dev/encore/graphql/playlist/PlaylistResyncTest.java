package dev.encore.graphql.playlist;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.encore.graphql.subscription.SubscriptionHub;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.Test;

/** What a {@code playlistUpdated} subscriber is told around the moment it subscribes. */
class PlaylistResyncTest {

    private static final Instant SUBSCRIBED = Instant.parse("2026-12-01T10:00:00Z");

    private final SubscriptionHub hub = new SubscriptionHub(Clock.fixed(SUBSCRIBED, ZoneOffset.UTC));
    private final PlaylistResync relay = new PlaylistResync();

    PlaylistResyncTest() {
        relay.hub = hub;
    }

    @Test
    void aWriteBetweenTheSubscribeAndTheReadIsToldWhenItsEventArrivesAfterTheRead() {
        relay.tell("p1", "ADDED", playlist(4)); // an earlier change, heard before anyone subscribed here
        SubscriptionHub.Registration registration = hub.register(PlaylistResync.key("p1"), false);
        // The subscriber reads revision 5, written as it subscribed; the write's Kafka record is still on the way.
        AssertSubscriber<PlaylistChange> subscriber = relay.follow(registration, playlist(5, SUBSCRIBED)).subscribe()
                .withSubscriber(AssertSubscriber.create(10));

        relay.tell("p1", "MOVED", playlist(5));
        relay.tell("p1", "UPDATED", playlist(5)); // the same revision again (a resync): not twice
        relay.tell("p1", "ADDED", playlist(4));   // older than what the subscriber read: never
        relay.tell("p1", "REMOVED", playlist(6));
        relay.tell("p1", "DELETED", null);

        assertThat(kinds(subscriber), contains("MOVED", "REMOVED", "DELETED"));
    }

    @Test
    void aSubscriberThatAlreadyHasARevisionIsNotToldItAgainWhenANewcomerIs() {
        AssertSubscriber<PlaylistChange> first = relay.follow(hub.register(PlaylistResync.key("p1"), false),
                playlist(1)).subscribe().withSubscriber(AssertSubscriber.create(10));
        relay.tell("p1", "ADDED", playlist(2));
        AssertSubscriber<PlaylistChange> second = relay.follow(hub.register(PlaylistResync.key("p1"), false),
                playlist(3)).subscribe().withSubscriber(AssertSubscriber.create(10));
        relay.tell("p1", "ADDED", playlist(3));
        relay.tell("p1", "ADDED", playlist(3));

        assertThat(revisions(first), contains(2L, 3L));
        assertThat(revisions(second), contains(3L));
    }

    @Test
    void aRevisionWrittenWellBeforeTheSubscribeIsNotToldAgainWhenItsEventComesLate() {
        SubscriptionHub.Registration registration = hub.register(PlaylistResync.key("p1"), false);
        Instant before = SUBSCRIBED.minus(PlaylistResync.CLOCK_SLACK).minusMillis(1);
        AssertSubscriber<PlaylistChange> subscriber = relay.follow(registration, playlist(5, before)).subscribe()
                .withSubscriber(AssertSubscriber.create(10));

        relay.tell("p1", "UPDATED", playlist(5, before)); // a slow Kafka record of the playlist's creation
        relay.tell("p1", "ADDED", playlist(6));

        assertThat(revisions(subscriber), contains(6L));
    }

    @Test
    void anEventIsToldWithTheStateOfItsOwnVersionAndLeftToTheNextEventOnceThePlaylistMovedOn() {
        assertThat("state of its own version", PlaylistResync.superseded("4", playlist(4)), is(false));
        assertThat("a later change landed: its event tells it", PlaylistResync.superseded("3", playlist(4)), is(true));
        assertThat("deleted since: told as deleted", PlaylistResync.superseded("3", null), is(false));
        assertThat("an event without a version is told", PlaylistResync.superseded(null, playlist(4)), is(false));
        assertThat("nor with one it cannot read", PlaylistResync.superseded("v3", playlist(4)), is(false));
    }

    private static List<String> kinds(AssertSubscriber<PlaylistChange> subscriber) {
        return subscriber.getItems().stream().map(PlaylistChange::kind).toList();
    }

    private static List<Long> revisions(AssertSubscriber<PlaylistChange> subscriber) {
        return subscriber.getItems().stream().map(change -> change.playlist().rev()).toList();
    }

    private static PlaylistDocument playlist(long rev) {
        return playlist(rev, SUBSCRIBED);
    }

    private static PlaylistDocument playlist(long rev, Instant updatedAt) {
        return new PlaylistDocument("p1", "Road trip", null, true, "owner", rev, List.of(), 0, 0, updatedAt,
                updatedAt);
    }
}
