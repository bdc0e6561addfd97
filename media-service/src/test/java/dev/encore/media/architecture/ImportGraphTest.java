package dev.encore.media.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The packages of dev.encore.media depend on each other one way only: no two of them need each other. */
class ImportGraphTest {

    @Test
    void packagesHaveNoCycles() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.encore.media");
        slices().matching("dev.encore.media.(*)..").should().beFreeOfCycles().check(classes);
    }
}
