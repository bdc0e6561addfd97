package dev.encore.graphql.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.microprofile.graphql.Mutation;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexReader;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;

/**
 * SmallRye GraphQL does not enforce {@code @RolesAllowed}, so every write is guarded by our own
 * {@link RequiresRole}. This reads the same Jandex index the schema is built from and fails for any
 * {@code @Mutation} without it, so a new write cannot ship open by accident.
 */
class MutationsRequireRoleTest {

    @Test
    void everyMutationDeclaresTheRolesItNeeds() throws IOException {
        Index index;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/META-INF/jandex.idx"))) {
            index = new IndexReader(in).read();
        }
        List<AnnotationInstance> mutations = index.getAnnotations(DotName.createSimple(Mutation.class.getName()));
        assertThat(mutations.size(), greaterThan(0));
        List<String> unguarded = mutations.stream()
                .filter(mutation -> mutation.target().kind() == AnnotationTarget.Kind.METHOD)
                .map(mutation -> mutation.target().asMethod())
                .filter(method -> !method.hasAnnotation(DotName.createSimple(RequiresRole.class.getName()))
                                  && !method.declaringClass().hasDeclaredAnnotation(
                                          DotName.createSimple(RequiresRole.class.getName())))
                .map(method -> method.declaringClass().simpleName() + "." + method.name())
                .toList();
        assertThat("mutations without @RequiresRole", unguarded, empty());
    }
}
