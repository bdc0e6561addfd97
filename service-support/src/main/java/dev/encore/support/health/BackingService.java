package dev.encore.support.health;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean that exists only for one backing service. {@link BackingServicesExtension} removes it from services
 * whose {@code health.dependencies} do not name that backing service, so readiness never depends on a server
 * the service does not use.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface BackingService {

    /** {@code mongodb}, {@code kafka} or {@code redis}. */
    String value();
}
