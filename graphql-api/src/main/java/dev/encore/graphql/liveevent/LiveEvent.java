package dev.encore.graphql.liveevent;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

/** The GraphQL {@code LiveEvent}; {@code playlist} and {@code nowPlaying} are resolved by {@link LiveEventApi}. */
@Description("A playlist played at a scheduled time. The playlist is snapshotted when the event goes LIVE: edits "
             + "made to the playlist afterwards do not change what the event plays.")
@Key(fields = @FieldSet("id"))
public record LiveEvent(@Id @NonNull String id,
                        @NonNull String title,
                        @NonNull Instant startsAt,
                        @NonNull @Description("The zone the event was scheduled in (an id such as Europe/Berlin, "
                                              + "or the offset of startsAt), for showing local times.") String timeZone,
                        @Description("When the last song ends; known once the event is LIVE.") Instant endsAt,
                        @NonNull LiveEventStatus status,
                        @Ignore String playlistId,
                        @Ignore LiveEventDocument document) {

    static LiveEvent of(LiveEventDocument document) {
        return document == null ? null : new LiveEvent(document.id(), document.title(), document.startsAt(),
                document.timeZone(), document.endsAt(), document.status(), document.playlistId(), document);
    }
}
