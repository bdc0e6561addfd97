package dev.encore.support.health;

import org.eclipse.microprofile.health.HealthCheckResponse;

/** The shape of a DOWN answer: the check's name and a one-line reason an operator can act on. */
final class HealthChecks {

    private HealthChecks() {
    }

    static HealthCheckResponse down(String name, Throwable failure) {
        String reason = isTimeout(failure) || isTimeout(failure.getCause())
                ? "no answer within the health timeout"
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return HealthCheckResponse.named(name).down().withData("reason", reason).build();
    }

    // Mutiny and java.util.concurrent each have their own TimeoutException.
    private static boolean isTimeout(Throwable failure) {
        return failure != null && failure.getClass().getSimpleName().equals("TimeoutException");
    }
}
