package dev.encore.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean that exists only for one backing service. The health package's {@code BackingServicesExtension} removes
 * it from services whose {@code health.dependencies} do not name that backing service, so readiness never depends on a
 * server the service does not use. It sits in the root package because the client producers ({@code mongo},
 * {@code redis}) and the readiness checks ({@code health}) all carry it, and neither may depend on the other's package.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface BackingService {

    /** {@code mongodb}, {@code kafka} or {@code redis}. */
    String value();
}
