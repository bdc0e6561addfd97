package dev.encore.support.health;

/** The one-line reason an operator can act on, from a failed probe. */
final class HealthChecks {

    private HealthChecks() {
    }

    static String reason(Throwable failure) {
        return isTimeout(failure) || isTimeout(failure.getCause())
                ? "no answer within the health timeout"
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    // Mutiny and java.util.concurrent each have their own TimeoutException.
    private static boolean isTimeout(Throwable failure) {
        return failure != null && failure.getClass().getSimpleName().equals("TimeoutException");
    }
}
