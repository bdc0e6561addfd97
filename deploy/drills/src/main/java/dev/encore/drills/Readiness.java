package dev.encore.drills;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Samples {@code /health/ready} of every instance every half second while a fault lasts: how many samples were UP,
 * per instance. A replica that goes unready is taken out of its Service in Kubernetes; all of them at once is an
 * outage.
 */
final class Readiness implements AutoCloseable {

    private final Http http;
    private final Map<String, int[]> samples = new LinkedHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> samplers = new ArrayList<>();

    /** Starts sampling {@code instances} (name to base URL), one thread each so a slow answer delays no other. */
    Readiness(Http http, Map<String, String> instances) {
        this.http = http;
        instances.forEach((name, url) -> {
            samples.put(name, new int[2]);
            samplers.add(Thread.ofPlatform().daemon().name("readiness-" + name).start(() -> sample(name, url)));
        });
    }

    private void sample(String name, String url) {
        while (running.get()) {
            // The probe's budget is the Kubernetes readinessProbe's timeoutSeconds in deploy/k8s.
            Http.Answer ready = http.get(url + "/health/ready", Duration.ofSeconds(3));
            if (!running.get()) {
                return; // close() interrupted this probe: its answer says nothing about the replica
            }
            synchronized (samples) {
                samples.get(name)[ready.status() == 200 ? 0 : 1]++;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread sampler : samplers) {
            sampler.interrupt();
            try {
                sampler.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Prints UP/total per instance; returns how many instances were ever not ready. */
    int report(Report report, String during) {
        int unready = 0;
        synchronized (samples) {
            for (Map.Entry<String, int[]> entry : samples.entrySet()) {
                int up = entry.getValue()[0];
                int total = up + entry.getValue()[1];
                report.figure("readiness during %s: %-18s UP in %d of %d samples", during, entry.getKey(), up, total);
                if (up < total) {
                    unready++;
                }
            }
        }
        return unready;
    }
}
