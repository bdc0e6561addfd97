package dev.encore.drills;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one drill measured: its figures as printed lines, the breaches that make the run fail (data lost or applied
 * twice, a 5xx answer), and the issue 18 targets it did not meet (reported; they fail the run only with --strict).
 */
final class Report {

    final String drill;
    final List<String> figures = new ArrayList<>();
    final List<String> breaches = new ArrayList<>();
    final List<String> missedTargets = new ArrayList<>();

    Report(String drill) {
        this.drill = drill;
    }

    void figure(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        figures.add(line);
        System.out.println("  " + drill + " | " + line);
    }

    /** Lost or doubled data, or a 5xx: the run fails. */
    void breachIf(boolean condition, String what) {
        if (condition) {
            breaches.add(what);
        }
    }

    /** An issue 18 "done when" target not met: reported, fails the run only with --strict. */
    void targetIf(boolean missed, String what) {
        if (missed) {
            missedTargets.add(what);
        }
    }
}
