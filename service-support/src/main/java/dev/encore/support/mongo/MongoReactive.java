package dev.encore.support.mongo;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import mutiny.zero.flow.adapters.AdaptersToFlow;
import org.reactivestreams.Publisher;

/**
 * The one bridge from the MongoDB driver's Reactive Streams publishers to Mutiny (which speaks
 * {@code java.util.concurrent.Flow}), so repositories return {@link Uni} and {@link Multi} and nothing blocks.
 */
public final class MongoReactive {

    private MongoReactive() {
    }

    /** The first item, or {@code null} when the publisher completes empty. */
    public static <T> Uni<T> first(Publisher<T> publisher) {
        return Uni.createFrom().publisher(AdaptersToFlow.publisher(publisher));
    }

    public static <T> Multi<T> all(Publisher<T> publisher) {
        return Multi.createFrom().publisher(AdaptersToFlow.publisher(publisher));
    }
}
