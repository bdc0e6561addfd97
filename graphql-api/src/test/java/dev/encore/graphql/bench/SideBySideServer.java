package dev.encore.graphql.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@link BenchServer} for {@code bench/side-by-side}, plus what the script cannot read from {@code /proc}: the bytes
 * this JVM has allocated so far (all threads, live and ended), rewritten to {@code target/bench-allocated} every 100 ms,
 * so the script can divide the growth over a wrk run by the requests it made. Not a test; runs until killed.
 */
public final class SideBySideServer {

    private SideBySideServer() {
    }

    public static void main(String[] args) throws Exception {
        BenchServer.main(args);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Path file = Path.of("target", "bench-allocated");
        Path next = Path.of("target", "bench-allocated.next");
        Thread probe = Thread.ofPlatform().daemon(false).name("allocation-probe").start(() -> {
            try {
                while (true) {
                    Files.writeString(next, Long.toString(threads.getTotalThreadAllocatedBytes()));
                    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                System.err.println("allocation probe stopped: " + e);
            }
        });
        probe.join();
    }
}
