package dev.encore.support.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimersTest {

    private final Timers timers = new Timers();

    @BeforeEach
    void start() {
        timers.start();
    }

    @AfterEach
    void stop() {
        timers.stop();
    }

    @Test
    void startsEachRunTheDelayAfterThePreviousRunEnded() throws InterruptedException {
        List<Long> starts = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        timers.every("slow", Duration.ZERO, Duration.ofMillis(100), () -> {
            starts.add(System.nanoTime());
            three.countDown();
            sleep(200);
        });
        assertTrue(three.await(5, TimeUnit.SECONDS), "three runs");
        for (int i = 1; i < 3; i++) {
            long gap = TimeUnit.NANOSECONDS.toMillis(starts.get(i) - starts.get(i - 1));
            // 200 ms of run plus 100 ms of delay; a fixed rate would start the next run 200 ms after the previous one
            assertTrue(gap >= 295, "run " + i + " started " + gap + " ms after the previous one");
        }
    }

    @Test
    void keepsItsScheduleWhenARunThrows() throws InterruptedException {
        CountDownLatch three = new CountDownLatch(3);
        timers.every("throwing", Duration.ZERO, Duration.ofMillis(10), () -> {
            three.countDown();
            throw new IllegalStateException("boom");
        });
        assertTrue(three.await(5, TimeUnit.SECONDS), "ran again after throwing");
    }

    @Test
    void aSlowRunDoesNotHoldUpOtherTimers() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch slowStarted = new CountDownLatch(1);
        timers.every("stuck", Duration.ZERO, Duration.ofMillis(10), () -> {
            slowStarted.countDown();
            awaitQuietly(release);
        });
        assertTrue(slowStarted.await(5, TimeUnit.SECONDS));
        CountDownLatch others = new CountDownLatch(3);
        timers.every("other", Duration.ZERO, Duration.ofMillis(10), others::countDown);
        CountDownLatch once = new CountDownLatch(1);
        timers.after(Duration.ofMillis(10), once::countDown);
        try {
            assertTrue(others.await(5, TimeUnit.SECONDS), "the other timer ran while the first was stuck");
            assertTrue(once.await(5, TimeUnit.SECONDS), "the one-shot ran while the first timer was stuck");
        } finally {
            release.countDown();
        }
    }

    @Test
    void runsEachBodyOnAVirtualThreadNamedForTheTimer() throws InterruptedException {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        List<String> names = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(1);
        timers.every("resync", Duration.ZERO, Duration.ofSeconds(10), () -> {
            threads.add(Thread.currentThread());
            names.add(Thread.currentThread().getName());
            ran.countDown();
        });
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        assertTrue(threads.get(0).isVirtual());
        assertEquals("resync", names.get(0));
    }

    @Test
    void runsAOneShotOnceAfterItsDelay() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        long start = System.nanoTime();
        List<Long> at = new CopyOnWriteArrayList<>();
        timers.after(Duration.ofMillis(100), () -> {
            at.add(System.nanoTime());
            runs.incrementAndGet();
            ran.countDown();
        });
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(at.get(0) - start) >= 100, "not before its delay");
        sleep(300);
        assertEquals(1, runs.get());
    }

    @Test
    void cancelStopsFurtherRuns() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch two = new CountDownLatch(2);
        Cancellable loop = timers.every("cancelled", Duration.ZERO, Duration.ofMillis(20), () -> {
            runs.incrementAndGet();
            two.countDown();
        });
        assertTrue(two.await(5, TimeUnit.SECONDS));
        loop.cancel();
        int atCancel = runs.get();
        sleep(300);
        assertTrue(runs.get() <= atCancel + 1, "at most the run under way finished; ran " + (runs.get() - atCancel)
                                              + " more times");

        AtomicInteger oneShot = new AtomicInteger();
        timers.after(Duration.ofMillis(100), oneShot::incrementAndGet).cancel();
        sleep(300);
        assertEquals(0, oneShot.get(), "a cancelled one-shot never runs");
    }

    @Test
    void shutdownInterruptsRunsStopsTimersAndSchedulesNothingMore() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        timers.every("blocked", Duration.ZERO, Duration.ofMillis(10), () -> {
            runs.incrementAndGet();
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        timers.stop();
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the run under way was interrupted");
        AtomicInteger late = new AtomicInteger();
        timers.after(Duration.ofMillis(10), late::incrementAndGet).cancel(); // no exception, and cancel is harmless
        timers.after(Duration.ofMillis(10), late::incrementAndGet);
        sleep(200);
        assertEquals(1, runs.get(), "the loop did not run again");
        assertEquals(0, late.get(), "nothing is scheduled after shutdown");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
