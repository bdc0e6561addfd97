package dev.encore.graphql.federation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.encore.graphql.security.RequiresRole;
import io.smallrye.graphql.api.federation.Authenticated;
import io.smallrye.graphql.api.federation.requiresscopes.RequiresScopes;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexReader;
import org.jboss.jandex.MethodInfo;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;

/**
 * A router refuses early what the subgraph would refuse anyway: every {@code @RequiresRole} (what graphql-api
 * enforces) has its twin for the supergraph, {@code @authenticated} for "any signed-in caller" and
 * {@code @requiresScopes(scopes: [["role"], ...])} (any one of the roles) otherwise, and no router directive exists
 * without the role check behind it. Reads the same Jandex index the schema is built from.
 */
class RouterSeesEveryRoleCheckTest {

    private static final DotName REQUIRES_ROLE = DotName.createSimple(RequiresRole.class.getName());
    private static final DotName AUTHENTICATED = DotName.createSimple(Authenticated.class.getName());
    private static final DotName REQUIRES_SCOPES = DotName.createSimple(RequiresScopes.class.getName());

    @Test
    void everyRoleCheckHasItsRouterDirectiveAndNoneIsLeftWithoutOne() throws IOException {
        Index index;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/META-INF/jandex.idx"))) {
            index = new IndexReader(in).read();
        }
        Set<MethodInfo> methods = new HashSet<>();
        for (DotName name : List.of(REQUIRES_ROLE, AUTHENTICATED, REQUIRES_SCOPES)) {
            index.getAnnotations(name).stream().filter(a -> a.target().kind() == AnnotationTarget.Kind.METHOD)
                    .forEach(a -> methods.add(a.target().asMethod()));
        }
        assertThat(methods.size(), greaterThan(0));

        List<String> mismatches = new ArrayList<>();
        for (MethodInfo method : methods) {
            String name = method.declaringClass().simpleName() + "." + method.name();
            AnnotationInstance role = method.annotation(REQUIRES_ROLE);
            if (role == null) {
                mismatches.add(name + ": a router directive without @RequiresRole behind it");
                continue;
            }
            Set<String> roles = new TreeSet<>(role.value() == null ? List.of()
                    : Arrays.asList(role.value().asStringArray()));
            boolean authenticated = method.hasAnnotation(AUTHENTICATED);
            Set<String> scopes = scopes(method.annotation(REQUIRES_SCOPES));
            if (roles.isEmpty() && (!authenticated || scopes != null)) {
                mismatches.add(name + ": any signed-in caller, so @Authenticated (and no @RequiresScopes)");
            } else if (!roles.isEmpty() && (authenticated || !roles.equals(scopes))) {
                mismatches.add(name + ": roles " + roles + ", so @RequiresScopes with one group per role, got "
                               + scopes);
            }
        }
        assertThat("@RequiresRole and the router directives disagree", mismatches, empty());
    }

    /** The roles of a {@code @RequiresScopes} whose every group is a single scope; null when there is none. */
    private static Set<String> scopes(AnnotationInstance requiresScopes) {
        if (requiresScopes == null) {
            return null;
        }
        Set<String> scopes = new TreeSet<>();
        for (AnnotationInstance group : requiresScopes.value("scopes").asNestedArray()) {
            AnnotationValue items = group.value();
            AnnotationInstance[] nested = items.asNestedArray();
            if (nested.length != 1) {
                scopes.add("a group of " + nested.length + " scopes (all required together)");
                continue;
            }
            scopes.add(nested[0].value().asString());
        }
        return scopes;
    }
}
