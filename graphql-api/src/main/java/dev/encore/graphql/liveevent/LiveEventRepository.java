package dev.encore.graphql.liveevent;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.encore.graphql.liveevent.LiveEventDocument.Slot;
import dev.encore.support.mongo.MongoReactive;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The {@code live_events} collection. Every state change is conditioned on the state it moves from (and, for the
 * scheduler's writes, on the writer's lease token being at least the last one that wrote), so a duplicate or stale
 * fire matches nothing and changes nothing.
 */
@ApplicationScoped
public class LiveEventRepository {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> collection;

    @PostConstruct
    void init() {
        collection = database.getCollection("live_events");
    }

    public Uni<Void> ensureIndexes() {
        return MongoReactive.first(collection.createIndex(Indexes.ascending("status", "startsAt"),
                        new IndexOptions().name("status_startsAt"))).replaceWithVoid()
                .chain(() -> MongoReactive.first(collection.createIndex(Indexes.ascending("rank", "startsAt", "_id"),
                        new IndexOptions().name("listing"))).replaceWithVoid());
    }

    public Uni<Void> insert(LiveEventDocument event) {
        return MongoReactive.first(collection.insertOne(event.toBson())).replaceWithVoid();
    }

    public Uni<LiveEventDocument> findById(String id) {
        if (id == null || !ObjectId.isValid(id)) {
            return Uni.createFrom().nullItem();
        }
        return MongoReactive.first(collection.find(Filters.eq("_id", new ObjectId(id))).first())
                .map(LiveEventDocument::fromBson);
    }

    /** Every event with one of these ids, in no particular order; unknown or malformed ids are skipped. */
    public Uni<List<LiveEventDocument>> findByIds(Collection<String> ids) {
        List<ObjectId> objectIds = ids.stream().filter(id -> id != null && ObjectId.isValid(id)).distinct()
                .map(ObjectId::new).toList();
        if (objectIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return MongoReactive.all(collection.find(Filters.in("_id", objectIds))).map(LiveEventDocument::fromBson)
                .collect().asList();
    }

    /** Live first, then upcoming by start, then ended and cancelled; {@code skip} rows on. */
    public Uni<List<LiveEventDocument>> listing(int skip, int limit) {
        return MongoReactive.all(collection.find().sort(Sorts.ascending("rank", "startsAt", "_id")).skip(skip)
                .limit(limit)).map(LiveEventDocument::fromBson).collect().asList();
    }

    public Uni<Long> count() {
        return MongoReactive.first(collection.countDocuments());
    }

    /** LIVE events, and SCHEDULED ones starting by {@code horizon}: what the scheduler has to watch. */
    public Uni<List<LiveEventDocument>> findActive(Instant horizon) {
        return MongoReactive.all(collection.find(Filters.or(Filters.eq("status", "LIVE"),
                        Filters.and(Filters.eq("status", "SCHEDULED"), Filters.lte("startsAt", Date.from(horizon))))))
                .map(LiveEventDocument::fromBson).collect().asList();
    }

    /** SCHEDULED → LIVE with the snapshot, its end, and the song playing now. */
    public Uni<LiveEventDocument> goLive(String id, long token, List<Slot> snapshot, Instant endsAt, int index,
                                         Instant now) {
        return update(Filters.and(byId(id), Filters.eq("status", "SCHEDULED"), Filters.lte("fence", token)),
                Updates.combine(Updates.set("status", "LIVE"), Updates.set("rank", LiveEventStatus.LIVE.rank()),
                        Updates.set("snapshot", snapshot.stream().map(Slot::toBson).toList()),
                        Updates.set("endsAt", Date.from(endsAt)), Updates.set("index", index),
                        Updates.set("fence", token), Updates.set("updatedAt", Date.from(now))));
    }

    /**
     * A new leader's first write: stamps its lease {@code token} as the fence of every SCHEDULED and LIVE event that
     * carries an older one, so that from here on a write by any earlier leader (paused, cut off, or with a write
     * still in flight) matches nothing, even on an event the new leader has no transition to write yet.
     *
     * @return how many events were claimed
     */
    public Uni<Long> claim(long token) {
        return MongoReactive.first(collection.updateMany(
                        Filters.and(Filters.in("status", "SCHEDULED", "LIVE"), Filters.lt("fence", token)),
                        Updates.set("fence", token)))
                .map(result -> result.getModifiedCount());
    }

    /** The next song: only from the index the writer read, so each song start is written (and published) once. */
    public Uni<LiveEventDocument> advance(String id, long token, int fromIndex, int toIndex, Instant now) {
        return update(Filters.and(byId(id), Filters.eq("status", "LIVE"), Filters.eq("index", fromIndex),
                        Filters.lte("fence", token)),
                Updates.combine(Updates.set("index", toIndex), Updates.set("fence", token),
                        Updates.set("updatedAt", Date.from(now))));
    }

    /** SCHEDULED or LIVE → ENDED (a SCHEDULED one whose whole playlist would already have played ends directly). */
    public Uni<LiveEventDocument> end(String id, long token, LiveEventStatus from, List<Slot> snapshot, Instant endsAt,
                                      Instant now) {
        return update(Filters.and(byId(id), Filters.eq("status", from.name()), Filters.lte("fence", token)),
                Updates.combine(Updates.set("status", "ENDED"), Updates.set("rank", LiveEventStatus.ENDED.rank()),
                        Updates.set("snapshot", snapshot.stream().map(Slot::toBson).toList()),
                        Updates.set("endsAt", Date.from(endsAt)), Updates.set("fence", token),
                        Updates.set("updatedAt", Date.from(now))));
    }

    /**
     * SCHEDULED or LIVE → CANCELLED (a user's action, so no lease token); only an event {@code createdBy} created,
     * unless that is {@code null} (an admin's cancel).
     */
    public Uni<LiveEventDocument> cancel(String id, String createdBy, Instant now) {
        Bson filter = Filters.and(byId(id), Filters.in("status", "SCHEDULED", "LIVE"));
        return update(createdBy == null ? filter : Filters.and(filter, Filters.eq("createdBy", createdBy)),
                Updates.combine(Updates.set("status", "CANCELLED"),
                        Updates.set("rank", LiveEventStatus.CANCELLED.rank()), Updates.set("updatedAt", Date.from(now))));
    }

    private Uni<LiveEventDocument> update(Bson filter, Bson update) {
        return MongoReactive.first(collection.findOneAndUpdate(filter, update,
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).map(LiveEventDocument::fromBson);
    }

    private static Bson byId(String id) {
        return Filters.eq("_id", ObjectId.isValid(id) ? new ObjectId(id) : null);
    }
}
