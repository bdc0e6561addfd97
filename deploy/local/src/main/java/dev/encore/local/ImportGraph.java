package dev.encore.local;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The import-graph rules every module's {@code ImportGraphTest} checks on its compiled main classes (ArchUnit): no two
 * packages depend on each other, directly or round a loop, and neither do two top-level classes. Here because test
 * classes are not shared between modules and this module is on every module's test classpath.
 */
public final class ImportGraph {

    private ImportGraph() {
    }

    /** The main classes of {@code rootPackage} and below (tests excluded). */
    public static JavaClasses mainClasses(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
    }

    /** Fails, naming the cycle, when two subpackages of {@code rootPackage} need each other. */
    public static void assertNoPackageCycle(String rootPackage) {
        slices().matching(rootPackage + ".(*)..").should().beFreeOfCycles().check(mainClasses(rootPackage));
    }

    /** Fails, naming the cycle, when two top-level classes need each other (nested and lambda classes count as theirs). */
    public static void assertNoClassCycle(String rootPackage) {
        slices().assignedFrom(topLevelClassesOf(rootPackage)).should().beFreeOfCycles().check(mainClasses(rootPackage));
    }

    private static SliceAssignment topLevelClassesOf(String rootPackage) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getName();
                if (!name.startsWith(rootPackage + ".")) {
                    return SliceIdentifier.ignore();
                }
                int nested = name.indexOf('$');
                return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
            }

            @Override
            public String getDescription() {
                return "top-level classes of " + rootPackage;
            }
        };
    }
}
