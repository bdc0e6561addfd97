package dev.encore.graphql.kafka;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Locale;

import dev.encore.graphql.cache.CatalogCache;
import dev.encore.support.events.CatalogEvent;
import dev.encore.support.events.Topics;
import dev.encore.support.kafka.ReplicaListener;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every replica's ear on {@value Topics#CATALOG_EVENTS} (a {@link ReplicaListener}): each event evicts the entity it
 * names from this replica's cache, whichever replica wrote it (the writer itself included, which makes a late second
 * eviction that closes the read-then-write race of the first). What happened before this replica started cannot be in
 * its cache, so starting at the end of the topic loses nothing.
 */
@ApplicationScoped
public class CatalogEventListener {

    private static final System.Logger LOG = System.getLogger(CatalogEventListener.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    Config config;

    @Inject
    CatalogCache cache;

    @Inject
    @ConfigProperty(name = "catalog-events.listen")
    boolean listen;

    private volatile ReplicaListener listener;

    void start(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        if (listen) {
            listener = new ReplicaListener("graphql-api-cache", config, List.of(Topics.CATALOG_EVENTS),
                    (topic, json) -> handle(json));
            listener.start();
        }
    }

    /**
     * True once this replica hears every catalog event published from now on ({@link ReplicaListener#ready}), or when
     * it does not listen at all ({@code catalog-events.listen=false}).
     */
    public boolean ready() {
        ReplicaListener current = listener;
        return !listen || current != null && current.ready();
    }

    private void handle(String json) {
        try {
            CatalogEvent event = JSON.fromJson(json, CatalogEvent.class);
            // A creation cannot have stale copies anywhere (misses are not cached); its search staleness is handled
            // by the writer, which moves the search generation.
            if (event != null && event.entityType() != null && event.id() != null
                && event.kind() != CatalogEvent.Kind.CREATED) {
                cache.evict(event.entityType().name().toLowerCase(Locale.ROOT), event.id())
                        .subscribe().with(ignored -> { });
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Ignoring a catalog event that does not parse: " + e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        if (listener != null) {
            listener.stop();
        }
    }
}
