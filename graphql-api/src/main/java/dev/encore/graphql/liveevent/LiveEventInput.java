package dev.encore.graphql.liveevent;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("LiveEventInput")
public record LiveEventInput(@NonNull String title,
                             @NonNull @Description("ISO-8601 with an offset, such as 2026-06-21T20:00:00+02:00; not "
                                                   + "in the past.") String startsAt,
                             @Description("A zone id such as Europe/Berlin, stored for clients to show local times; "
                                          + "defaults to the offset of startsAt.") String timeZone,
                             @Id @NonNull String playlistId) {
}
