package dev.encore.support.scheduling;

/** A scheduled task that can be called off: no run starts after {@link #cancel()}; a run under way finishes. */
@FunctionalInterface
public interface Cancellable {

    void cancel();
}
