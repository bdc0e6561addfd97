package dev.encore.graphql.subscription;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.dataloader.BatchLoader;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The batched fields of a subscription event are dispatched however late the event's resolvers ask for them, level
 * after level, for as long as the transport waits for the event's result.
 */
class EventsInFlightTest {

    private static final BatchLoader<String, String> UPPER = keys -> CompletableFuture.completedFuture(
            keys.stream().map(String::toUpperCase).toList());

    @Test
    void aLoadAskedForLongAfterTheEventStartedIsStillDispatched() throws Exception {
        DataLoaderRegistry registry = new DataLoaderRegistry();
        DataLoader<String, String> songs = DataLoaderFactory.newDataLoader(UPPER);
        registry.register("songs", songs);
        BatchedFields.EventsInFlight inFlight = new BatchedFields.EventsInFlight();
        inFlight.bind(registry);

        inFlight.started();
        Thread.sleep(300); // a cold JVM resolving the event's first fields
        CompletableFuture<String> song = songs.load("far away");
        assertThat(song.get(10, TimeUnit.SECONDS), is("FAR AWAY"));

        // the next level only asks once the first has answered, again after a while
        Thread.sleep(200);
        CompletionStage<List<String>> artists = songs.loadMany(List.of("a", "b"));
        assertThat(artists.toCompletableFuture().get(10, TimeUnit.SECONDS), is(List.of("A", "B")));
        inFlight.finished();
    }

    @Test
    void theNextEventIsDispatchedAfterAnEarlierOneFinished() throws Exception {
        DataLoaderRegistry registry = new DataLoaderRegistry();
        DataLoader<String, String> songs = DataLoaderFactory.newDataLoader(UPPER);
        registry.register("songs", songs);
        BatchedFields.EventsInFlight inFlight = new BatchedFields.EventsInFlight();
        inFlight.bind(registry);

        inFlight.started();
        assertThat(songs.load("one").get(10, TimeUnit.SECONDS), is("ONE"));
        inFlight.finished();
        Thread.sleep(100); // the pump is idle now

        inFlight.started();
        Thread.sleep(150);
        assertThat(songs.load("two").get(10, TimeUnit.SECONDS), is("TWO"));
        inFlight.finished();
    }
}
