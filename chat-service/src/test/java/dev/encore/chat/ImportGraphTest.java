package dev.encore.chat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/** The layering of chat-service, checked on the compiled main classes (see the root package's Javadoc). */
class ImportGraphTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.encore.chat");

    @Test
    void subpackagesHaveNoCycle() {
        slices().matching("dev.encore.chat.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void topLevelClassesHaveNoCycle() {
        slices().assignedFrom(TOP_LEVEL_CLASS).should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void rootPackageImportsNoSubpackage() {
        noClasses().that().resideInAPackage("dev.encore.chat")
                .should().dependOnClassesThat().resideInAPackage("dev.encore.chat.(*)..")
                .check(MAIN);
    }

    @Test
    void deliveryDependsOnlyOnRootAndModel() {
        noClasses().that().resideInAPackage("dev.encore.chat.delivery..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.encore.chat.message..",
                        "dev.encore.chat.moderation..", "dev.encore.chat.presence..", "dev.encore.chat.fanout..",
                        "dev.encore.chat.endpoint..")
                .check(MAIN);
    }

    @Test
    void rulesReachKafkaOnlyThroughTheirPort() {
        noClasses().that().resideInAnyPackage("dev.encore.chat.message..", "dev.encore.chat.moderation..",
                        "dev.encore.chat.presence..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.encore.chat.fanout..", "org.apache.kafka..")
                .check(MAIN);
    }

    /** One slice per top-level class: nested, anonymous and lambda classes count as part of the class around them. */
    private static final SliceAssignment TOP_LEVEL_CLASS = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getName();
            if (!name.startsWith("dev.encore.chat.")) {
                return SliceIdentifier.ignore();
            }
            int nested = name.indexOf('$');
            return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
        }

        @Override
        public String getDescription() {
            return "top-level classes";
        }
    };
}
