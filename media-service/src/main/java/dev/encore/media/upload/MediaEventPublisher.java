package dev.encore.media.upload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.encore.media.MediaConfig;
import dev.encore.support.events.MediaEvent;
import dev.encore.support.events.Topics;
import dev.encore.support.kafka.KafkaPublisher;
import dev.encore.support.kafka.KafkaPublisher.Profile;
import dev.encore.support.scheduling.Cancellable;
import dev.encore.support.scheduling.Timers;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Publishes {@link MediaEvent}s on {@value Topics#MEDIA_EVENTS}, keyed by media id, as JSON, through an outbox.
 *
 * <p>Each event is first written to the {@code media_outbox} collection, then sent by one background drainer in the
 * order written, and removed once the broker acknowledged it. So an upload or delete never waits for Kafka, an event
 * survives a Kafka outage (the drainer retries every {@code media.events.retry-interval}) and even a restart, and the
 * events of one media stay in order. Delivery is at least once: a consumer may see an event twice (for instance when
 * two replicas drain the same entry), and must treat events as idempotent facts. The sends go through
 * service-support's {@link KafkaPublisher} (acknowledged mode, profile {@link Profile#MEDIA_OUTBOX}).
 *
 * <p>The retry loop starts with the service, so what a previous run left in the outbox goes out without waiting for
 * the next upload. MongoDB is read and written with the blocking driver, like {@link MediaRepository}: uploads run on
 * virtual threads, and so do the drainer and the retry loop (on the shared {@link Timers}).
 */
@ApplicationScoped
public class MediaEventPublisher {

    private static final System.Logger LOG = System.getLogger(MediaEventPublisher.class.getName());
    private static final String OUTBOX = "media_outbox";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    KafkaPublisher kafka;

    @Inject
    MetricRegistry metrics;

    @Inject
    MongoDatabase database;

    @Inject
    MediaConfig config;

    private final Jsonb jsonb = JsonbBuilder.create();
    private final ExecutorService drainer = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("media-events").factory());
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private volatile boolean lastDrainFailed;
    private MongoCollection<Document> outbox;
    private Cancellable retry;

    @PostConstruct
    void init() {
        outbox = database.getCollection(OUTBOX);
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object startup, Timers timers) {
        Duration every = config.eventsRetryInterval();
        retry = timers.every("media-events-retry", every, every, this::requestDrain);
    }

    public void uploaded(Media media) {
        enqueue(new MediaEvent(MediaEvent.Kind.UPLOADED, media.id(), media.ownerId(), media.sha256(),
                               media.format().contentType(), media.size(), media.metadata().durationMs(), Instant.now()));
    }

    public void deleted(Media media) {
        enqueue(new MediaEvent(MediaEvent.Kind.DELETED, media.id(), media.ownerId(), media.sha256(),
                               media.format().contentType(), media.size(), media.metadata().durationMs(), Instant.now()));
    }

    private void enqueue(MediaEvent event) {
        String json = jsonb.toJson(event);
        // ObjectIds grow with time and a per-process counter, so sorting by _id replays events in the order written.
        Document entry = new Document("_id", new ObjectId()).append("key", event.mediaId()).append("value", json)
                .append("createdAt", new Date());
        try {
            outbox.insertOne(entry);
        } catch (RuntimeException e) {
            count("lost");
            LOG.log(System.Logger.Level.ERROR, "media event lost, the outbox is unavailable: " + json + " (" + e + ")");
            return;
        }
        requestDrain();
    }

    private void requestDrain() {
        if (drainQueued.compareAndSet(false, true)) {
            try {
                drainer.execute(() -> {
                    drainQueued.set(false);
                    drain();
                });
            } catch (RuntimeException e) {
                drainQueued.set(false); // shutting down
            }
        }
    }

    /** Sends pending events oldest first; stops at the first failure so a later event never overtakes an earlier one. */
    private void drain() {
        List<Document> pending;
        try {
            pending = outbox.find().sort(Sorts.ascending("_id")).limit(500).into(new ArrayList<>());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "media event outbox unreadable, retrying later: " + e);
            return;
        }
        for (Document entry : pending) {
            try {
                kafka.send(Profile.MEDIA_OUTBOX, Topics.MEDIA_EVENTS, entry.getString("key"), entry.getString("value"))
                        .toCompletableFuture().get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                outbox.deleteOne(Filters.eq("_id", entry.getObjectId("_id")));
                count("sent");
                lastDrainFailed = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                count("deferred");
                if (!lastDrainFailed) { // one line per outage, not one per retry
                    LOG.log(System.Logger.Level.WARNING, "media events wait in the outbox until Kafka answers: " + e);
                }
                lastDrainFailed = true;
                return;
            }
        }
    }

    private void count(String outcome) {
        metrics.counter("encore.media.events", new Tag("outcome", outcome)).inc();
    }

    @PreDestroy
    void close() {
        if (retry != null) {
            retry.cancel();
        }
        drainer.shutdown();
        try {
            drainer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
