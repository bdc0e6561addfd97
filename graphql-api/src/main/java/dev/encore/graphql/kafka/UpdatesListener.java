package dev.encore.graphql.kafka;

import java.lang.System.Logger.Level;
import java.util.List;

import dev.encore.graphql.liveevent.LiveEventResync;
import dev.encore.graphql.playlist.PlaylistResync;
import dev.encore.graphql.subscription.SubscriptionHub;
import dev.encore.support.events.LiveEventChange;
import dev.encore.support.events.PlaylistEvent;
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
 * Every replica's ear on {@value Topics#PLAYLIST_EVENTS} and {@value Topics#LIVE_EVENTS}, feeding its own
 * subscribers through the {@link SubscriptionHub}: a change made on, or scheduled by, another replica reaches the
 * subscribers of this one, through a {@link ReplicaListener}: every replica must see every event.
 *
 * <p>The state after a change is read once per event by the resync that owns it ({@link LiveEventResync},
 * {@link PlaylistResync}), and only when this replica has subscribers for it: not once per subscriber.
 */
@ApplicationScoped
public class UpdatesListener {

    private static final System.Logger LOG = System.getLogger(UpdatesListener.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    Config config;

    @Inject
    PlaylistResync playlists;

    @Inject
    LiveEventResync liveEvents;

    @Inject
    @ConfigProperty(name = "subscriptions.listen")
    boolean listen;

    private volatile ReplicaListener listener;

    void start(@Observes @Initialized(ApplicationScoped.class) Object startup) {
        if (listen) {
            listener = new ReplicaListener("graphql-api-subscriptions", config,
                    List.of(Topics.PLAYLIST_EVENTS, Topics.LIVE_EVENTS), this::handle);
            listener.start();
        }
    }

    /**
     * True once this replica hears every update published from now on ({@link ReplicaListener#ready}), or when it does
     * not listen at all ({@code subscriptions.listen=false}): readiness and tests wait for it.
     */
    public boolean ready() {
        ReplicaListener current = listener;
        return !listen || current != null && current.ready();
    }

    private void handle(String topic, String json) {
        try {
            if (Topics.PLAYLIST_EVENTS.equals(topic)) {
                playlists.changed(JSON.fromJson(json, PlaylistEvent.class));
            } else {
                liveEvents.changed(JSON.fromJson(json, LiveEventChange.class));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Ignoring an update on " + topic + " that cannot be handled: " + e);
        }
    }

    @PreDestroy
    void stop() {
        if (listener != null) {
            listener.stop();
        }
    }
}
