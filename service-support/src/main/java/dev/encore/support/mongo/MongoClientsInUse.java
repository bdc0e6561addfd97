package dev.encore.support.mongo;

import java.lang.reflect.Type;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;

/**
 * Notes which MongoDB driver the service's beans inject: the blocking one ({@code com.mongodb.client}) or the
 * reactive one ({@code com.mongodb.reactivestreams.client}). {@link MongoPings} pings through the reactive client
 * only when nothing injects the blocking one, so readiness never opens a client that requests do not use.
 */
public class MongoClientsInUse implements Extension {

    private static final String BLOCKING = "com.mongodb.client";
    private static final String REACTIVE = "com.mongodb.reactivestreams.client";

    private volatile boolean blocking;
    private volatile boolean reactive;

    void inspect(@Observes ProcessInjectionPoint<?, ?> point) {
        if (point.getInjectionPoint().getMember().getDeclaringClass().getPackage() == MongoClientsInUse.class.getPackage()) {
            return; // the producers' own parameters say nothing about what the service uses
        }
        Type type = point.getInjectionPoint().getType();
        if (type instanceof Class<?> injected) {
            blocking |= injected.getPackageName().equals(BLOCKING);
            reactive |= injected.getPackageName().equals(REACTIVE);
        }
    }

    /** True when some bean injects the reactive driver and none the blocking one. */
    public boolean reactiveOnly() {
        return reactive && !blocking;
    }
}
