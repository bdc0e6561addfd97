package dev.encore.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * What an operator would otherwise learn in production, checked on rendered manifests. Each problem names the object
 * and the field, e.g. {@code Deployment/graphql-api container graphql-api: readinessProbe port 9999 is not a
 * container port}.
 */
final class ManifestChecker {

    /** What Encore's services serve (MicroProfile Health). */
    private static final Map<String, String> PROBE_PATHS = Map.of(
            "startupProbe", "/health/started",
            "readinessProbe", "/health/ready",
            "livenessProbe", "/health/live");
    /** What Apollo Router serves on its health_check listener (as its own Helm chart probes it). */
    private static final Map<String, String> ROUTER_PROBE_PATHS = Map.of(
            "startupProbe", "/health",
            "readinessProbe", "/health?ready",
            "livenessProbe", "/health?live");

    private final Path root;
    private final Map<String, Set<String>> externalSecrets;
    private final List<String> problems = new ArrayList<>();
    private List<HasMetadata> objects = List.of();

    /**
     * @param root            the repository root (service configuration and the root POM are read from it)
     * @param externalSecrets Secrets created outside the overlay (name to keys), which references may use
     */
    ManifestChecker(Path root, Map<String, Set<String>> externalSecrets) {
        this.root = root;
        this.externalSecrets = externalSecrets;
    }

    /** The Secrets an overlay expects the operator to create, from its {@code required-secrets.properties}. */
    static Map<String, Set<String>> requiredSecrets(Path overlay) {
        Path file = overlay.resolve("required-secrets.properties");
        if (!Files.exists(file)) {
            return Map.of();
        }
        Properties properties = load(file);
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            secrets.put(name, Arrays.stream(properties.getProperty(name).split(","))
                    .map(String::trim).filter(key -> !key.isEmpty()).collect(Collectors.toSet()));
        }
        return secrets;
    }

    List<String> check(List<HasMetadata> rendered) {
        this.objects = rendered;
        problems.clear();
        for (HasMetadata object : rendered) {
            unknownFields(id(object), object);
        }
        of(Deployment.class).forEach(this::checkDeployment);
        of(Service.class).forEach(this::checkService);
        of(HorizontalPodAutoscaler.class).forEach(this::checkAutoscaler);
        of(PodDisruptionBudget.class).forEach(this::checkDisruptionBudget);
        of(Ingress.class).forEach(this::checkIngress);
        return List.copyOf(problems);
    }

    // ---- Deployments ------------------------------------------------------------------------------------------------

    private void checkDeployment(Deployment deployment) {
        String id = id(deployment);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        boolean encoreService = serviceModule(deployment.getMetadata().getName()) != null;
        if (pod.getSecurityContext() == null || !Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot())) {
            problem(id, "spec.template.spec.securityContext.runAsNonRoot must be true");
        }
        if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken()) && !serviceAccountDisablesToken(pod)) {
            problem(id, "spec.template.spec.automountServiceAccountToken must be false (no pod needs the API)");
        }
        checkSecretVolumes(id, pod);
        for (Container container : pod.getContainers()) {
            String where = id + " container " + container.getName();
            checkProbes(where, container, "apollo-router".equals(deployment.getMetadata().getName())
                    ? ROUTER_PROBE_PATHS : PROBE_PATHS);
            checkResources(where, container.getResources());
            checkContainerSecurity(where, container);
            checkGracefulStop(where, container, pod);
            checkEnvironmentReferences(where, container);
            if (encoreService) {
                checkImage(where, deployment.getMetadata().getName(), container.getImage());
                checkConfigurationProvided(where, deployment.getMetadata().getName(), container);
            }
        }
    }

    private void checkProbes(String where, Container container, Map<String, String> paths) {
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("startupProbe", container.getStartupProbe());
        probes.put("readinessProbe", container.getReadinessProbe());
        probes.put("livenessProbe", container.getLivenessProbe());
        probes.forEach((kind, probe) -> {
            if (probe == null || probe.getHttpGet() == null) {
                problem(where, kind + " is missing (an httpGet probe on " + paths.get(kind) + " is expected)");
                return;
            }
            IntOrString port = probe.getHttpGet().getPort();
            if (containerPort(container, port).isEmpty()) {
                problem(where, kind + " port " + text(port) + " is not a container port " + ports(container));
            }
            if (!paths.get(kind).equals(probe.getHttpGet().getPath())) {
                problem(where, kind + " path " + probe.getHttpGet().getPath() + " is not what the service serves ("
                               + paths.get(kind) + ")");
            }
        });
    }

    private void checkResources(String where, ResourceRequirements resources) {
        for (String kind : List.of("requests", "limits")) {
            Map<String, ?> values = resources == null ? null
                    : kind.equals("requests") ? resources.getRequests() : resources.getLimits();
            for (String resource : List.of("cpu", "memory")) {
                if (values == null || values.get(resource) == null) {
                    problem(where, "resources." + kind + "." + resource + " is missing");
                }
            }
        }
    }

    private void checkContainerSecurity(String where, Container container) {
        var security = container.getSecurityContext();
        if (security == null) {
            problem(where, "securityContext is missing");
            return;
        }
        if (!Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
            problem(where, "securityContext.readOnlyRootFilesystem must be true");
        }
        if (!Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
            problem(where, "securityContext.allowPrivilegeEscalation must be false");
        }
        if (security.getCapabilities() == null || security.getCapabilities().getDrop() == null
            || !security.getCapabilities().getDrop().contains("ALL")) {
            problem(where, "securityContext.capabilities.drop must contain ALL");
        }
        boolean writableTmp = container.getVolumeMounts() != null && container.getVolumeMounts().stream()
                .anyMatch(mount -> "/tmp".equals(mount.getMountPath()));
        if (Boolean.TRUE.equals(security.getReadOnlyRootFilesystem()) && !writableTmp) {
            problem(where, "volumeMounts has no writable /tmp while the root filesystem is read-only");
        }
    }

    private void checkGracefulStop(String where, Container container, PodSpec pod) {
        var lifecycle = container.getLifecycle();
        if (lifecycle == null || lifecycle.getPreStop() == null || lifecycle.getPreStop().getExec() == null) {
            problem(where, "lifecycle.preStop is missing (a short sleep lets endpoints drop the pod before SIGTERM)");
            return;
        }
        List<String> command = lifecycle.getPreStop().getExec().getCommand();
        long sleep = command.size() == 2 && command.get(0).equals("sleep") ? Long.parseLong(command.get(1)) : -1;
        long grace = pod.getTerminationGracePeriodSeconds() == null ? 30 : pod.getTerminationGracePeriodSeconds();
        if (sleep < 0) {
            problem(where, "lifecycle.preStop must be [sleep, <seconds>]");
        } else if (sleep + 10 > grace) {
            problem(where, "terminationGracePeriodSeconds " + grace + " leaves under 10 s to drain after preStop sleep "
                           + sleep);
        }
    }

    /** Every ConfigMap and Secret a container reads exists, with the keys it reads (unless marked optional). */
    private void checkEnvironmentReferences(String where, Container container) {
        for (EnvFromSource source : nullSafe(container.getEnvFrom())) {
            if (source.getConfigMapRef() != null && !Boolean.TRUE.equals(source.getConfigMapRef().getOptional())
                && configMap(source.getConfigMapRef().getName()).isEmpty()) {
                problem(where, "envFrom configMapRef " + source.getConfigMapRef().getName() + " does not exist");
            }
            if (source.getSecretRef() != null && !Boolean.TRUE.equals(source.getSecretRef().getOptional())
                && secretKeys(source.getSecretRef().getName()) == null) {
                problem(where, "envFrom secretRef " + source.getSecretRef().getName() + " does not exist");
            }
        }
        for (EnvVar variable : nullSafe(container.getEnv())) {
            if (variable.getValueFrom() == null) {
                continue;
            }
            SecretKeySelector secret = variable.getValueFrom().getSecretKeyRef();
            if (secret != null && !Boolean.TRUE.equals(secret.getOptional())) {
                Set<String> keys = secretKeys(secret.getName());
                if (keys == null) {
                    problem(where, "env " + variable.getName() + ": Secret " + secret.getName()
                                   + " is neither in the overlay nor in required-secrets.properties");
                } else if (!keys.contains(secret.getKey())) {
                    problem(where, "env " + variable.getName() + ": Secret " + secret.getName() + " has no key "
                                   + secret.getKey());
                }
            }
            var configMapKey = variable.getValueFrom().getConfigMapKeyRef();
            if (configMapKey != null && !Boolean.TRUE.equals(configMapKey.getOptional())
                && configMap(configMapKey.getName()).map(map -> map.getData() == null
                        || !map.getData().containsKey(configMapKey.getKey())).orElse(true)) {
                problem(where, "env " + variable.getName() + ": ConfigMap " + configMapKey.getName() + " has no key "
                               + configMapKey.getKey());
            }
        }
    }

    /** Secret volumes name a Secret that exists (or the operator creates), with the keys they project. */
    private void checkSecretVolumes(String id, PodSpec pod) {
        for (var volume : nullSafe(pod.getVolumes())) {
            var secret = volume.getSecret();
            if (secret == null || Boolean.TRUE.equals(secret.getOptional())) {
                continue;
            }
            Set<String> keys = secretKeys(secret.getSecretName());
            if (keys == null) {
                problem(id, "volume " + volume.getName() + ": Secret " + secret.getSecretName()
                            + " is neither in the overlay nor in required-secrets.properties");
                continue;
            }
            for (var item : nullSafe(secret.getItems())) {
                if (!keys.contains(item.getKey())) {
                    problem(id, "volume " + volume.getName() + ": Secret " + secret.getSecretName() + " has no key "
                                + item.getKey());
                }
            }
        }
    }

    /**
     * The variables a service cannot run in a cluster without: the address of every backing service it uses (the
     * defaults point at localhost), where tokens come from, and every key its configuration leaves empty.
     */
    private void checkConfigurationProvided(String where, String service, Container container) {
        Properties config = serviceConfig(service);
        Set<String> required = new HashSet<>(List.of("JWT_ISSUER", "JWT_JWKS_URL"));
        Set<String> dependencies = Arrays.stream(config.getProperty("health.dependencies", "mongodb,kafka,redis")
                                                         .split(",")).map(String::trim).collect(Collectors.toSet());
        if (dependencies.contains("mongodb")) {
            required.add("MONGODB_URI");
        }
        if (dependencies.contains("kafka")) {
            required.add("KAFKA_BOOTSTRAP_SERVERS");
        }
        if (dependencies.contains("redis")) {
            required.add("REDIS_URL");
        }
        for (String key : config.stringPropertyNames()) {
            if (config.getProperty(key).isBlank()) {
                required.add(environmentName(key));
            }
        }
        Set<String> provided = providedVariables(container);
        for (String variable : required.stream().sorted().toList()) {
            if (!provided.contains(variable)) {
                problem(where, "env " + variable + " is not provided (by env, a ConfigMap or a Secret), and "
                               + service + " needs it");
            }
        }
    }

    private Set<String> providedVariables(Container container) {
        Set<String> provided = new HashSet<>();
        nullSafe(container.getEnv()).forEach(variable -> provided.add(variable.getName()));
        for (EnvFromSource source : nullSafe(container.getEnvFrom())) {
            String prefix = Objects.requireNonNullElse(source.getPrefix(), "");
            if (source.getConfigMapRef() != null) {
                configMap(source.getConfigMapRef().getName())
                        .ifPresent(map -> map.getData().keySet().forEach(key -> provided.add(prefix + key)));
            }
            if (source.getSecretRef() != null) {
                Set<String> keys = secretKeys(source.getSecretRef().getName());
                if (keys != null) {
                    keys.forEach(key -> provided.add(prefix + key));
                }
            }
        }
        return provided;
    }

    private void checkImage(String where, String service, String image) {
        String expected = imageRegistry() + "/" + service + ":";
        if (image == null || !image.startsWith(expected)) {
            problem(where, "image " + image + " is not what Jib builds (" + expected + "<version>)");
        }
    }

    private boolean serviceAccountDisablesToken(PodSpec pod) {
        return of(ServiceAccount.class).stream()
                .anyMatch(account -> account.getMetadata().getName().equals(pod.getServiceAccountName())
                                     && Boolean.FALSE.equals(account.getAutomountServiceAccountToken()));
    }

    // ---- Services, autoscalers, budgets, ingress --------------------------------------------------------------------

    private void checkService(Service service) {
        String id = id(service);
        Map<String, String> selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            problem(id, "spec.selector is empty");
            return;
        }
        List<PodTemplateSpec> pods = podTemplates(selector);
        if (pods.isEmpty()) {
            problem(id, "spec.selector " + selector + " matches no Deployment or StatefulSet");
            return;
        }
        for (ServicePort port : service.getSpec().getPorts()) {
            IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
            for (PodTemplateSpec pod : pods) {
                boolean found = pod.getSpec().getContainers().stream()
                        .anyMatch(container -> containerPort(container, target).isPresent());
                if (!found) {
                    problem(id, "port " + port.getName() + " targetPort " + text(target)
                                + " is not a port of the pods it selects");
                }
            }
        }
    }

    private void checkAutoscaler(HorizontalPodAutoscaler autoscaler) {
        var target = autoscaler.getSpec().getScaleTargetRef();
        if (!"Deployment".equals(target.getKind()) || find(Deployment.class, target.getName()).isEmpty()) {
            problem(id(autoscaler), "spec.scaleTargetRef " + target.getKind() + "/" + target.getName()
                                    + " does not exist");
        }
    }

    private void checkDisruptionBudget(PodDisruptionBudget budget) {
        Map<String, String> labels = budget.getSpec().getSelector().getMatchLabels();
        if (labels == null || podTemplates(labels).isEmpty()) {
            problem(id(budget), "spec.selector " + labels + " matches no Deployment or StatefulSet");
        }
    }

    private void checkIngress(Ingress ingress) {
        for (var rule : ingress.getSpec().getRules()) {
            for (var path : rule.getHttp().getPaths()) {
                IngressBackend backend = path.getBackend();
                IngressServiceBackend target = backend.getService();
                String where = id(ingress) + " path " + path.getPath();
                Optional<Service> service = target == null ? Optional.empty() : find(Service.class, target.getName());
                if (service.isEmpty()) {
                    problem(where, "backend service " + (target == null ? null : target.getName()) + " does not exist");
                    continue;
                }
                var port = target.getPort();
                boolean known = service.get().getSpec().getPorts().stream()
                        .anyMatch(p -> port.getName() != null ? port.getName().equals(p.getName())
                                : Objects.equals(port.getNumber(), p.getPort()));
                if (!known) {
                    problem(where, "backend port " + (port.getName() != null ? port.getName() : port.getNumber())
                                   + " is not a port of Service/" + target.getName());
                }
            }
        }
    }

    // ---- Unknown fields --------------------------------------------------------------------------------------------

    /** fabric8 keeps fields it does not know in additionalProperties: a typo or a wrong nesting lands there. */
    private void unknownFields(String path, Object node) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> list) {
            int index = 0;
            for (Object item : list) {
                unknownFields(path + "[" + index++ + "]", item);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(path + "." + key, value));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class
                || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problem(path, "unknown field(s) " + extra.keySet());
                }
            } else if (!(value instanceof IntOrString)) {
                String field = getter.getName().replaceFirst("^(get|is)", "");
                unknownFields(path + "." + Character.toLowerCase(field.charAt(0)) + field.substring(1), value);
            }
        }
    }

    // ---- Helpers ---------------------------------------------------------------------------------------------------

    private <T extends HasMetadata> List<T> of(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return of(type).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst();
    }

    private Optional<ConfigMap> configMap(String name) {
        return find(ConfigMap.class, name);
    }

    /** The keys of a Secret in the overlay or expected from the operator; {@code null} when it is neither. */
    private Set<String> secretKeys(String name) {
        Optional<Secret> secret = find(Secret.class, name);
        if (secret.isPresent()) {
            Set<String> keys = new HashSet<>();
            if (secret.get().getData() != null) {
                keys.addAll(secret.get().getData().keySet());
            }
            if (secret.get().getStringData() != null) {
                keys.addAll(secret.get().getStringData().keySet());
            }
            return keys;
        }
        return externalSecrets.get(name);
    }

    private List<PodTemplateSpec> podTemplates(Map<String, String> selector) {
        List<PodTemplateSpec> templates = new ArrayList<>();
        of(Deployment.class).forEach(deployment -> templates.add(deployment.getSpec().getTemplate()));
        of(StatefulSet.class).forEach(set -> templates.add(set.getSpec().getTemplate()));
        return templates.stream()
                .filter(template -> template.getMetadata().getLabels() != null
                                    && template.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .toList();
    }

    private static Optional<ContainerPort> containerPort(Container container, IntOrString port) {
        return nullSafe(container.getPorts()).stream()
                .filter(candidate -> port != null && (port.getStrVal() != null
                        ? port.getStrVal().equals(candidate.getName())
                        : Objects.equals(port.getIntVal(), candidate.getContainerPort())))
                .findFirst();
    }

    private static String ports(Container container) {
        return nullSafe(container.getPorts()).stream()
                .map(port -> port.getName() + "=" + port.getContainerPort())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String text(IntOrString value) {
        return value == null ? "null" : value.getStrVal() != null ? value.getStrVal() : String.valueOf(value.getIntVal());
    }

    /** The module directory of an Encore service with this name, or {@code null} for anything else. */
    private Path serviceModule(String name) {
        Path module = root.resolve(name);
        return Files.exists(module.resolve("src/main/resources/META-INF/microprofile-config.properties"))
                ? module : null;
    }

    private Properties serviceConfig(String service) {
        Properties config = load(root.resolve("service-support/src/main/resources/META-INF/microprofile-config.properties"));
        config.putAll(load(serviceModule(service).resolve("src/main/resources/META-INF/microprofile-config.properties")));
        config.remove("config_ordinal");
        return config;
    }

    private String imageRegistry() {
        try {
            Matcher matcher = Pattern.compile("<image.registry>([^<]+)</image.registry>")
                    .matcher(Files.readString(root.resolve("pom.xml")));
            if (!matcher.find()) {
                throw new IllegalStateException("no <image.registry> property in the root pom.xml");
            }
            return matcher.group(1).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** MicroProfile Config's mapping of a property name to an environment variable. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String id(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }

    private void problem(String where, String what) {
        problems.add(where + ": " + what);
    }
}
