package dev.encore.support.health;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import dev.encore.support.BackingService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import org.eclipse.microprofile.config.ConfigProvider;

/** Vetoes the {@link BackingService} beans of backing services that this service does not list as dependencies. */
public class BackingServicesExtension implements Extension {

    void vetoUnused(@Observes @WithAnnotations(BackingService.class) ProcessAnnotatedType<?> type) {
        BackingService backingService = type.getAnnotatedType().getAnnotation(BackingService.class);
        if (backingService != null && !dependencies().contains(backingService.value())) {
            type.veto();
        }
    }

    static Set<String> dependencies() {
        String listed = ConfigProvider.getConfig()
                .getOptionalValue("health.dependencies", String.class)
                .orElse("mongodb,kafka,redis");
        return Arrays.stream(listed.split(","))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
    }
}
