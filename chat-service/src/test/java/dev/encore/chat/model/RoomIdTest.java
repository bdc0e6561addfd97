package dev.encore.chat.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

class RoomIdTest {

    @Test
    void liveEventIdsAndSlugsAreRoomIds() {
        for (String id : new String[] {"6b0df7e9d7fdf041265dbd7e", "0f8fad5b-d9cb-469f-a165-70867728950e", "lobby",
                "a.b_c-d", "...", "x".repeat(64)}) {
            assertThat(id, RoomId.valid(id), is(true));
        }
    }

    @Test
    void dotSegmentsEmptyLongAndOtherCharactersAreNot() {
        for (String id : new String[] {".", "..", "", "x".repeat(65), "a/b", "a b", "é", "a%2e"}) {
            assertThat(id, RoomId.valid(id), is(false));
        }
        assertThat(RoomId.valid(null), is(false));
    }
}
