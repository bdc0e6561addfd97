package dev.encore.graphql.liveevent;

import org.eclipse.microprofile.graphql.Description;

@Description("SCHEDULED until startsAt, LIVE while the snapshotted playlist plays, then ENDED; or CANCELLED.")
public enum LiveEventStatus {
    SCHEDULED, LIVE, ENDED, CANCELLED;

    /** Sort rank for {@code liveEvents}: live first, then upcoming, then the rest. */
    int rank() {
        return switch (this) {
            case LIVE -> 0;
            case SCHEDULED -> 1;
            default -> 2;
        };
    }
}
