package dev.encore.e2e;

import java.util.function.Supplier;

/**
 * Runs the story step by step, printing each step with its timing; a failing step names itself and carries its
 * evidence (status, body, frame) in the assertion message.
 */
final class Journey {

    private final long started = System.nanoTime();
    private int number;

    <T> T step(String what, Supplier<T> action) {
        number++;
        long begin = System.nanoTime();
        System.out.printf("journey | %2d. %s ...%n", number, what);
        try {
            T result = action.get();
            System.out.printf("journey | %2d. %s: ok in %d ms (%.1f s into the journey)%n", number, what,
                              (System.nanoTime() - begin) / 1_000_000, (System.nanoTime() - started) / 1e9);
            return result;
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("step " + number + " (" + what + ") failed: " + e.getMessage(), e);
        }
    }

    void step(String what, Runnable action) {
        step(what, () -> {
            action.run();
            return null;
        });
    }

    static void check(boolean condition, String evidence) {
        if (!condition) {
            throw new AssertionError(evidence);
        }
    }
}
