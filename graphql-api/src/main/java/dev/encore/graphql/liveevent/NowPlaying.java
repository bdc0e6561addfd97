package dev.encore.graphql.liveevent;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

/** The GraphQL {@code NowPlaying}; {@code song} is resolved in batches by {@link LiveEventApi}. */
@Description("The song a LIVE event is playing: position is milliseconds into it at serverTime.")
public record NowPlaying(@Id @NonNull String eventId,
                         @NonNull @Description("0-based index in the snapshotted playlist.") int index,
                         @NonNull Instant startedAt,
                         @NonNull int position,
                         @NonNull Instant serverTime,
                         @Ignore String songId) {

    /** What the schedule says is playing at {@code now}, or null when the event is not LIVE then. */
    static NowPlaying at(LiveEventDocument event, Instant now) {
        if (event == null || event.status() != LiveEventStatus.LIVE) {
            return null;
        }
        int index = LiveEventDocument.indexAt(event.startsAt(), event.snapshot(), now);
        if (index < 0) {
            return null;
        }
        Instant startedAt = event.slotStart(index);
        return new NowPlaying(event.id(), index, startedAt, (int) (now.toEpochMilli() - startedAt.toEpochMilli()), now,
                event.snapshot().get(index).songId());
    }
}
