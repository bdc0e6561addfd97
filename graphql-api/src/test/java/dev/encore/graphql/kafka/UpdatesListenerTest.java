package dev.encore.graphql.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.util.List;

import dev.encore.graphql.playlist.PlaylistDocument;
import org.junit.jupiter.api.Test;

class UpdatesListenerTest {

    @Test
    void anEventIsToldWithTheStateOfItsOwnVersionAndLeftToTheNextEventOnceThePlaylistMovedOn() {
        assertThat("state of its own version", UpdatesListener.superseded("4", playlist(4)), is(false));
        assertThat("a later change landed: its event tells it", UpdatesListener.superseded("3", playlist(4)), is(true));
        assertThat("deleted since: told as deleted", UpdatesListener.superseded("3", null), is(false));
        assertThat("an event without a version is told", UpdatesListener.superseded(null, playlist(4)), is(false));
        assertThat("nor with one it cannot read", UpdatesListener.superseded("v3", playlist(4)), is(false));
    }

    private static PlaylistDocument playlist(long rev) {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        return new PlaylistDocument("p1", "Road trip", null, true, "owner", rev, List.of(), 0, 0, at, at);
    }
}
