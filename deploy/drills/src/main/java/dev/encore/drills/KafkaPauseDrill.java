package dev.encore.drills;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The broker freezes under chat load: N clients on two chat replicas, one room, and the Kafka broker SIGSTOPped for a
 * while in the middle of the sends. Every message must still reach every other client once and in id order (stored
 * in MongoDB first, local sockets at once, the other replica when Kafka is back or by gap filling), the senders
 * resending on UNAVAILABLE as the chat README says.
 */
final class KafkaPauseDrill implements Drill {

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String summary() {
        return "Kafka broker paused (SIGSTOP) under chat load on two replicas: lost, duplicated, reordered, errors";
    }

    @Override
    public void run(DrillStack stack, Settings settings, Report report) throws Exception {
        int clients = settings.pick(100, 20);
        int messages = settings.pick(6, 5);
        double rate = settings.pick(40, 20);
        Duration pauseAfter = Duration.ofSeconds(settings.pick(3, 1));
        Duration pause = Duration.ofSeconds(settings.pick(10, 8));
        List<String> replicas = stack.chatReplicas(2);
        List<String> tokens = new Accounts(new Http(), stack.url("identity-service")).newListeners("chat", clients);
        ChatLoad load = new ChatLoad(replicas, tokens, messages);
        report.figure("%d clients on %d chat replicas, %d messages at %.0f/s; broker paused %d s, %d s into the sends",
                clients, replicas.size(), clients * messages, rate, pause.toSeconds(), pauseAfter.toSeconds());
        ProcessHandle broker = stack.kafka();
        AtomicReference<RuntimeException> pauseFailed = new AtomicReference<>();
        try {
            Thread pauser = Thread.ofPlatform().name("kafka-pauser").start(() -> {
                try {
                    Thread.sleep(pauseAfter.toMillis());
                    Pause.freeze(broker, pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    pauseFailed.set(e);
                }
            });
            long start = System.nanoTime();
            load.send(rate);
            pauser.join();
            if (pauseFailed.get() != null) {
                throw pauseFailed.get();
            }
            load.await(Duration.ofSeconds(90));
            report.figure("sends and deliveries took %.1f s", (System.nanoTime() - start) / 1e9);
            load.report(report);
        } finally {
            load.close();
        }
    }
}
