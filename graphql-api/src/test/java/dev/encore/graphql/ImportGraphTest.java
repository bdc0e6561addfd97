package dev.encore.graphql;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The packages of graphql-api depend on each other one way only, checked on the compiled main classes. */
class ImportGraphTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.encore.graphql");

    @Test
    void subpackagesHaveNoCycle() {
        slices().matching("dev.encore.graphql.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
