package dev.encore.k8s;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The optional {@code components/apollo-router} added to each overlay, as an operator adds it: the whole rendering
 * passes the same checks as the overlays, the router runs the committed supergraph and configuration, the supergraph
 * routes to Services that exist, and the network policies let the traffic through.
 */
class ApolloRouterComponentTest {

    private static final Path K8S = Overlays.root().resolve("deploy/k8s");
    private static final Path COMPONENT = K8S.resolve("components/apollo-router");
    private static final Pattern JOIN_GRAPH = Pattern.compile("@join__graph\\(name: \"([^\"]+)\", url: \"([^\"]+)\"\\)");

    @BeforeAll
    static void needsKubectl() {
        assumeTrue(Overlays.kubectlAvailable(), "kubectl is not installed here: the kustomize overlays are not rendered");
    }

    @Test
    void bothOverlaysWithTheRouterHaveNoProblems() throws Exception {
        for (String overlay : List.of("dev", "prod")) {
            List<String> problems = check(overlay, render(overlay), true);
            assertEquals(List.of(), problems, overlay + " + apollo-router:\n" + String.join("\n", problems));
        }
    }

    @Test
    void routerRunsTheCommittedSupergraphAndConfiguration() throws Exception {
        List<HasMetadata> objects = render("prod");
        ConfigMap config = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(map -> map.getMetadata().getName().startsWith("apollo-router")).findFirst().orElseThrow();
        for (String file : List.of("supergraph.graphql", "router.yaml", "encore.rhai")) {
            assertEquals(Files.readString(COMPONENT.resolve(file)), config.getData().get(file), file);
        }
        Deployment router = deployment(objects, "apollo-router");
        var pod = router.getSpec().getTemplate().getSpec();
        String mountedFrom = pod.getVolumes().stream().filter(volume -> volume.getConfigMap() != null)
                .map(volume -> volume.getConfigMap().getName()).findFirst().orElseThrow();
        assertEquals(config.getMetadata().getName(), mountedFrom, "the router mounts the generated ConfigMap");
        Container container = pod.getContainers().get(0);
        String configDir = container.getVolumeMounts().stream().filter(mount -> mount.getName().equals("config"))
                .findFirst().orElseThrow().getMountPath();
        assertEquals(List.of("--config", configDir + "/router.yaml", "--supergraph", configDir + "/supergraph.graphql"),
                container.getArgs());
        Map<?, ?> routerYaml = routerYaml();
        Map<?, ?> rhai = (Map<?, ?>) routerYaml.get("rhai");
        assertEquals(configDir, rhai.get("scripts"), "rhai.scripts is where the ConfigMap is mounted");
        assertTrue(config.getData().containsKey((String) rhai.get("main")), "rhai.main is in the ConfigMap");
    }

    /** Every subgraph URL in the supergraph (and its subscription socket) names a Service port of the rendering. */
    @Test
    void supergraphRoutesToServicesThatExist() throws Exception {
        List<HasMetadata> objects = render("dev");
        String supergraph = Files.readString(COMPONENT.resolve("supergraph.graphql"));
        Matcher graphs = JOIN_GRAPH.matcher(supergraph);
        Map<String, URI> subgraphs = new HashMap<>();
        while (graphs.find()) {
            subgraphs.put(graphs.group(1), URI.create(graphs.group(2)));
        }
        assertEquals(Set.of("encore"), subgraphs.keySet());
        for (URI url : subgraphs.values()) {
            Service service = objects.stream().filter(Service.class::isInstance).map(Service.class::cast)
                    .filter(s -> s.getMetadata().getName().equals(url.getHost())).findFirst()
                    .orElseThrow(() -> new AssertionError("no Service " + url.getHost() + " for " + url));
            assertTrue(service.getSpec().getPorts().stream().anyMatch(port -> port.getPort() == url.getPort()),
                    "Service/" + url.getHost() + " has no port " + url.getPort());
        }
        Map<?, ?> passthrough = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) routerYaml().get("subscription")).get("mode"))
                .get("passthrough");
        Map<?, ?> encore = (Map<?, ?>) ((Map<?, ?>) passthrough.get("subgraphs")).get("encore");
        assertEquals(subgraphs.get("encore").getPath(), encore.get("path"),
                "subscriptions go to graphql-api's WebSocket route, the same path as its HTTP endpoint");
        assertEquals("graphql_ws", encore.get("protocol"), "graphql_ws is the router's name for graphql-transport-ws");
    }

    @Test
    void ingressSendsTheSupergraphToTheRouterAndKeepsGraphqlOnTheApi() throws Exception {
        Ingress ingress = render("prod").stream().filter(Ingress.class::isInstance).map(Ingress.class::cast)
                .findFirst().orElseThrow();
        Map<String, String> backends = new HashMap<>();
        ingress.getSpec().getRules().get(0).getHttp().getPaths()
                .forEach(path -> backends.put(path.getPath(), path.getBackend().getService().getName()));
        assertEquals("apollo-router", backends.get("/supergraph"));
        assertEquals("graphql-api", backends.get("/graphql"), "WebSocket clients and GraphiQL keep graphql-api");
        assertEquals("/supergraph", ((Map<?, ?>) routerYaml().get("supergraph")).get("path"),
                "the router serves the path the Ingress sends it");
    }

    /** Everything else is denied by default: the router must be let in from the ingress and out to its subgraph. */
    @Test
    void networkPoliciesLetTheRouterReachGraphqlApiAndIdentity() throws Exception {
        List<HasMetadata> objects = render("dev");
        Map<String, String> routerPods = deployment(objects, "apollo-router").getSpec().getTemplate().getMetadata()
                .getLabels();
        for (String target : List.of("graphql-api", "identity-service")) {
            Map<String, String> targetPods = deployment(objects, target).getSpec().getTemplate().getMetadata()
                    .getLabels();
            boolean allowed = objects.stream().filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast)
                    .filter(policy -> matches(policy.getSpec().getPodSelector().getMatchLabels(), targetPods))
                    .flatMap(policy -> policy.getSpec().getIngress().stream())
                    .flatMap(rule -> rule.getFrom().stream())
                    .anyMatch(peer -> peer.getNamespaceSelector() == null && peer.getPodSelector() != null
                                      && matches(peer.getPodSelector().getMatchLabels(), routerPods));
            assertTrue(allowed, "no NetworkPolicy lets apollo-router reach " + target);
        }
    }

    @Test
    void routerWithoutItsGraphosSecretIsReported() throws Exception {
        List<String> problems = check("prod", render("prod"), false);
        assertFalse(problems.isEmpty(), "the apollo-graphos Secret was not missed");
        assertTrue(problems.stream().anyMatch(problem -> problem.startsWith(
                "Deployment/apollo-router container apollo-router: env APOLLO_KEY: Secret apollo-graphos is neither")),
                String.join("\n", problems));
    }

    private static List<HasMetadata> render(String overlay) throws Exception {
        return Overlays.load(Overlays.renderWithComponent(overlay, "apollo-router"));
    }

    private static List<String> check(String overlay, List<HasMetadata> objects, boolean withComponentSecrets) {
        Map<String, Set<String>> external = new HashMap<>(
                ManifestChecker.requiredSecrets(K8S.resolve("overlays").resolve(overlay)));
        if (withComponentSecrets) {
            external.putAll(ManifestChecker.requiredSecrets(COMPONENT));
        }
        return new ManifestChecker(Overlays.root(), external).check(objects);
    }

    private static Map<?, ?> routerYaml() throws Exception {
        return Serialization.unmarshal(Files.readString(COMPONENT.resolve("router.yaml")), Map.class);
    }

    private static Deployment deployment(List<HasMetadata> objects, String name) {
        return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }
}
