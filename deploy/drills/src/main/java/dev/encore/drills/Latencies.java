package dev.encore.drills;

import java.util.Arrays;
import java.util.Locale;

/** Response times in nanoseconds, collected from many threads, summarized as percentiles in milliseconds. */
final class Latencies {

    private long[] values = new long[1024];
    private int count;

    synchronized void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    synchronized int count() {
        return count;
    }

    synchronized double percentileMillis(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int index = Math.max(0, (int) Math.ceil(count * p / 100.0) - 1);
        return sorted[Math.min(count - 1, index)] / 1e6;
    }

    double maxMillis() {
        return percentileMillis(100);
    }

    String summary() {
        return String.format(Locale.ROOT, "n %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms", count(), percentileMillis(50),
                percentileMillis(99), maxMillis());
    }
}
