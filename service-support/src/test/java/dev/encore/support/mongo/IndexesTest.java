package dev.encore.support.mongo;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Index creation that fails at startup (MongoDB not up yet) is retried in the background until it succeeds. */
class IndexesTest {

    @Test
    void blockingCreationIsRetriedUntilItSucceeds() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch created = new CountDownLatch(1);
        Indexes.ensureAtStartup("test-blocking", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("MongoDB is not up yet");
            }
            created.countDown();
        });
        assertThat(created.await(20, TimeUnit.SECONDS), is(true));
        assertThat(attempts.get(), is(3));
    }

    @Test
    void reactiveCreationIsResubscribedUntilItSucceeds() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch created = new CountDownLatch(1);
        Indexes.ensureAtStartup("test-reactive", () -> attempts.incrementAndGet() < 3
                ? Uni.createFrom().failure(new IllegalStateException("MongoDB is not up yet"))
                : Uni.createFrom().voidItem().invoke(created::countDown));
        assertThat(created.await(20, TimeUnit.SECONDS), is(true));
        assertThat(attempts.get(), is(3));
    }
}
