package dev.encore.drills;

import java.time.Duration;
import java.util.List;

import dev.encore.local.ChatRoomLoad;

/**
 * The drills' chat load: local-stack's {@link ChatRoomLoad} (the same clients and bookkeeping as chat-service's
 * {@code LoadClient} benchmark) with senders that resend on {@code UNAVAILABLE} as the chat README says, at most
 * {@link #MAX_RESENDS} times, and its counts written to the drill's {@link Report}.
 */
final class ChatLoad {

    static final int MAX_RESENDS = 30;

    private final ChatRoomLoad load;

    ChatLoad(List<String> replicas, List<String> tokens, int messages) {
        this.load = new ChatRoomLoad(replicas, tokens, messages, MAX_RESENDS);
    }

    /** Sends every message at {@code rate} per second in total; returns when the last one is sent. */
    void send(double rate) throws InterruptedException {
        load.send(rate);
    }

    /** Waits until every delivery arrived and no resend is pending, or {@code patience} ran out. */
    void await(Duration patience) throws InterruptedException {
        load.await(patience);
        Thread.sleep(1000); // late duplicates would show up now
    }

    void report(Report report) {
        ChatRoomLoad.Result result = load.result();
        report.figure("%d clients, %d messages each: %d of %d deliveries; lost %d, duplicated %d, reordered %d",
                result.clients(), result.messages(), result.delivered(), result.expected(), result.lost(),
                result.duplicates(), result.outOfOrder());
        report.figure("error frames to senders: %s; resends %d (%d still pending)",
                result.errors().isEmpty() ? "none" : result.errors(), result.resends(), result.pendingResends());
        report.figure("first send to receipt: n %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms", result.latencies().length,
                result.percentileMillis(50), result.percentileMillis(99), result.percentileMillis(100));
        report.breachIf(result.lost() > 0, result.lost() + " chat deliveries lost");
        report.breachIf(result.duplicates() > 0, result.duplicates() + " chat deliveries duplicated");
        report.breachIf(result.outOfOrder() > 0, result.outOfOrder() + " chat deliveries out of order");
    }

    void close() {
        load.close();
    }
}
