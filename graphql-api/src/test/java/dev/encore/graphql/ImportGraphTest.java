package dev.encore.graphql;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.encore.graphql.kafka.CatalogEventPublisher;
import dev.encore.graphql.kafka.GraphqlEvents;
import org.junit.jupiter.api.Test;

/**
 * The packages of graphql-api depend on each other one way only, checked on the compiled main classes.
 *
 * <p>One known exception, named so that nothing else can hide behind it: the feature services send their events
 * through {@link GraphqlEvents} and {@link CatalogEventPublisher}, which live in {@code kafka/} next to the listeners
 * that call back into the features. Once those two publishers leave {@code kafka/}, drop the {@code ignoreDependency}.
 */
class ImportGraphTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.encore.graphql");

    @Test
    void subpackagesHaveNoCycle() {
        slices().matching("dev.encore.graphql.(*)..").should().beFreeOfCycles()
                .ignoreDependency(DescribedPredicate.alwaysTrue(),
                        JavaClass.Predicates.belongToAnyOf(GraphqlEvents.class, CatalogEventPublisher.class))
                .check(MAIN);
    }
}
