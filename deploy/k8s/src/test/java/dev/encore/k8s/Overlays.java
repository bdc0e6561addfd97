package dev.encore.k8s;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Renders a kustomize overlay with the real {@code kubectl kustomize} and loads every object with fabric8. */
final class Overlays {

    private Overlays() {
    }

    static Path root() {
        return Path.of(System.getProperty("encore.root", "../..")).toAbsolutePath().normalize();
    }

    /** Whether {@code kubectl} is on this machine; where it is not, the rendering tests are skipped with that reason. */
    static boolean kubectlAvailable() {
        try {
            Process process = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String render(String overlay) throws IOException, InterruptedException {
        return kustomize(root().resolve("deploy/k8s/overlays").resolve(overlay));
    }

    /**
     * An overlay with an optional component added, as an operator adds it: a kustomization (under target/) whose
     * resource is the overlay and whose component is {@code deploy/k8s/components/<component>}, in the overlay's
     * namespace.
     */
    static String renderWithComponent(String overlay, String component) throws IOException, InterruptedException {
        Path k8s = root().resolve("deploy/k8s");
        String namespace = Files.readAllLines(k8s.resolve("overlays").resolve(overlay).resolve("kustomization.yaml"))
                .stream().filter(line -> line.startsWith("namespace:")).map(line -> line.substring(10).trim())
                .findFirst().orElseThrow();
        Path directory = k8s.resolve("target/with-" + component).resolve(overlay);
        Files.createDirectories(directory);
        // kustomize takes only relative paths to other kustomizations.
        Files.writeString(directory.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: %s
                resources:
                  - ../../../overlays/%s
                components:
                  - ../../../components/%s
                """.formatted(namespace, overlay, component));
        return kustomize(directory);
    }

    private static String kustomize(Path directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("kubectl", "kustomize", directory.toString()).start();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        Thread drain = Thread.ofVirtual().start(() -> copy(process.getErrorStream(), errors));
        String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        drain.join();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + directory + " failed: " + errors);
        }
        return yaml;
    }

    static List<HasMetadata> load(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (!document.isBlank()) {
                objects.add(Serialization.unmarshal(document));
            }
        }
        return objects;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the exit code tells what matters
        }
    }
}
