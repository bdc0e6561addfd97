package dev.encore.k8s;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Renders both overlays with {@code kubectl kustomize} and checks them: what the operator would otherwise find out
 * in production. The last tests break a rendered manifest on purpose and expect the checker to name the object.
 */
class ManifestsTest {

    private static final Path OVERLAYS = Overlays.root().resolve("deploy/k8s/overlays");

    @BeforeAll
    static void needsKubectl() {
        assumeTrue(Overlays.kubectlAvailable(), "kubectl is not installed here: the kustomize overlays are not rendered");
    }

    @Test
    void devOverlayHasNoProblems() throws Exception {
        assertNoProblems("dev");
    }

    @Test
    void prodOverlayHasNoProblems() throws Exception {
        assertNoProblems("prod");
    }

    @Test
    void everyServiceIsDeployedInBothOverlays() throws Exception {
        for (String overlay : List.of("dev", "prod")) {
            List<String> deployments = Overlays.load(Overlays.render(overlay)).stream()
                    .filter(Deployment.class::isInstance).map(object -> object.getMetadata().getName()).toList();
            assertTrue(deployments.containsAll(List.of("graphql-api", "identity-service", "media-service",
                                                       "chat-service")), overlay + ": " + deployments);
        }
    }

    @Test
    void probeOnAWrongPortIsReportedWithTheObjectAndField() throws Exception {
        List<HasMetadata> objects = Overlays.load(Overlays.render("dev"));
        container(objects, "graphql-api").getReadinessProbe().getHttpGet().setPort(new IntOrString(9999));
        assertReported(check("dev", objects),
                       "Deployment/graphql-api container graphql-api: readinessProbe port 9999 is not a container port");
    }

    @Test
    void missingSecretKeyIsReportedWithTheObjectAndField() throws Exception {
        List<HasMetadata> objects = Overlays.load(Overlays.render("dev"));
        objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast)
                .filter(secret -> secret.getMetadata().getName().equals("encore-backing-services"))
                .forEach(secret -> secret.getData().remove("redis-url"));
        assertReported(check("dev", objects),
                       "Deployment/chat-service container chat-service: env REDIS_URL: Secret encore-backing-services "
                       + "has no key redis-url");
    }

    @Test
    void secretMissingFromRequiredSecretsIsReportedForProd() throws Exception {
        List<HasMetadata> objects = Overlays.load(Overlays.render("prod"));
        List<String> problems = new ManifestChecker(Overlays.root(), Map.of()).check(objects);
        assertReported(problems, "Deployment/identity-service container identity-service: env MONGODB_URI: Secret "
                                 + "encore-backing-services is neither in the overlay nor in required-secrets.properties");
    }

    @Test
    void signingKeySecretMissingFromRequiredSecretsIsReported() throws Exception {
        List<HasMetadata> objects = Overlays.load(Overlays.render("prod"));
        Map<String, Set<String>> external = Map.of("encore-backing-services",
                ManifestChecker.requiredSecrets(OVERLAYS.resolve("prod")).get("encore-backing-services"));
        assertReported(new ManifestChecker(Overlays.root(), external).check(objects),
                       "Deployment/identity-service: volume signing-key: Secret identity-signing-key is neither");
    }

    @Test
    void unknownFieldIsReported() {
        List<HasMetadata> objects = Overlays.load("""
                apiVersion: v1
                kind: Service
                metadata: {name: typo}
                spec:
                  selector: {app: nothing}
                  portz: [{port: 80}]
                """);
        assertReported(new ManifestChecker(Overlays.root(), Map.of()).check(objects),
                       "Service/typo.spec: unknown field(s) [portz]");
    }

    @Test
    void missingEnvironmentForABackingServiceIsReported() throws Exception {
        List<HasMetadata> objects = Overlays.load(Overlays.render("dev"));
        container(objects, "identity-service").getEnv().removeIf(variable -> variable.getName().equals("MONGODB_URI"));
        assertReported(check("dev", objects),
                       "Deployment/identity-service container identity-service: env MONGODB_URI is not provided");
    }

    private static void assertNoProblems(String overlay) throws Exception {
        List<String> problems = check(overlay, Overlays.load(Overlays.render(overlay)));
        assertEquals(List.of(), problems, overlay + " overlay:\n" + String.join("\n", problems));
    }

    private static List<String> check(String overlay, List<HasMetadata> objects) {
        Map<String, Set<String>> external = ManifestChecker.requiredSecrets(OVERLAYS.resolve(overlay));
        return new ManifestChecker(Overlays.root(), external).check(objects);
    }

    private static Container container(List<HasMetadata> objects, String deployment) {
        return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals(deployment))
                .findFirst().orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static void assertReported(List<String> problems, String expected) {
        assertFalse(problems.isEmpty(), "no problem reported; expected: " + expected);
        assertTrue(problems.stream().anyMatch(problem -> problem.startsWith(expected)),
                   "expected a problem starting with\n  " + expected + "\nbut got\n  " + String.join("\n  ", problems));
    }
}
