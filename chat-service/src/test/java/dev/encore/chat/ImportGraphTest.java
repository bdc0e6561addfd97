package dev.encore.chat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClasses;
import dev.encore.local.ImportGraph;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The layering of chat-service, checked on the compiled main classes (see the root package's Javadoc), and one rule
 * about config that would otherwise drift back in.
 */
class ImportGraphTest {

    private static final JavaClasses MAIN = ImportGraph.mainClasses("dev.encore.chat");

    @Test
    void subpackagesHaveNoCycle() {
        ImportGraph.assertNoPackageCycle("dev.encore.chat");
    }

    @Test
    void topLevelClassesHaveNoCycle() {
        ImportGraph.assertNoClassCycle("dev.encore.chat");
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

    /**
     * chat blocks on the synchronous MongoDB driver (its callers run on virtual threads): a reactive client next to it
     * would open a second connection pool, and readiness pings only the blocking one while something injects it.
     */
    @Test
    void usesTheBlockingMongoDriverOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.mongodb.reactivestreams..",
                        "io.smallrye.mutiny..")
                .check(MAIN);
    }

    @Test
    void configDefaultsAreWrittenOnlyInThePropertiesFile() {
        noFields().should().beAnnotatedWith(WITH_A_DEFAULT).check(MAIN);
    }

    private static final DescribedPredicate<JavaAnnotation<?>> WITH_A_DEFAULT =
            new DescribedPredicate<>("@ConfigProperty with a defaultValue") {
                @Override
                public boolean test(JavaAnnotation<?> annotation) {
                    return annotation.getRawType().isEquivalentTo(ConfigProperty.class)
                            && !ConfigProperty.UNCONFIGURED_VALUE.equals(
                                    annotation.get("defaultValue").orElse(ConfigProperty.UNCONFIGURED_VALUE));
                }
            };
}
