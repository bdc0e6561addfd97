package dev.encore.graphql.playlist;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.encore.graphql.playlist.PlaylistDocument.ItemDocument;
import dev.encore.support.mongo.MongoReactive;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The {@code playlists} collection. Every write is a single {@code findOneAndUpdate} whose filter states what the
 * writer assumed (the revision it read, the item still being there, room under the cap): a lost race matches nothing
 * and returns {@code null}, and nothing was changed.
 */
@ApplicationScoped
public class PlaylistRepository {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> collection;

    @PostConstruct
    void init() {
        collection = database.getCollection("playlists");
    }

    Uni<Void> ensureIndexes() {
        return MongoReactive.first(collection.createIndex(Indexes.ascending("ownerId", "_id"),
                        new IndexOptions().name("owner"))).replaceWithVoid()
                .chain(() -> MongoReactive.first(collection.createIndex(Indexes.ascending("items.songId"),
                        new IndexOptions().name("item_song"))).replaceWithVoid());
    }

    public Uni<PlaylistDocument> findById(String id) {
        ObjectId objectId = objectId(id);
        if (objectId == null) {
            return Uni.createFrom().nullItem();
        }
        return MongoReactive.first(collection.find(Filters.eq("_id", objectId)).first()).map(PlaylistDocument::fromBson);
    }

    /** Every playlist with one of these ids, in no particular order; unknown or malformed ids are skipped. */
    public Uni<List<PlaylistDocument>> findByIds(Collection<String> ids) {
        List<ObjectId> objectIds = ids.stream().map(PlaylistRepository::objectId).filter(Objects::nonNull).distinct()
                .toList();
        if (objectIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return MongoReactive.all(collection.find(Filters.in("_id", objectIds))).map(PlaylistDocument::fromBson)
                .collect().asList();
    }

    /** The owner's playlists in creation order, after {@code afterId}, {@code limit} at most. */
    public Uni<List<PlaylistDocument>> findByOwner(String ownerId, String afterId, int limit) {
        Bson filter = Filters.eq("ownerId", ownerId);
        ObjectId after = objectId(afterId);
        if (after != null) {
            filter = Filters.and(filter, Filters.gt("_id", after));
        }
        return MongoReactive.all(collection.find(filter).sort(Sorts.ascending("_id")).limit(limit))
                .map(PlaylistDocument::fromBson).collect().asList();
    }

    public Uni<Long> countByOwner(String ownerId) {
        return MongoReactive.first(collection.countDocuments(Filters.eq("ownerId", ownerId)));
    }

    public Uni<List<PlaylistDocument>> findContainingSong(String songId) {
        return MongoReactive.all(collection.find(Filters.eq("items.songId", songId)))
                .map(PlaylistDocument::fromBson).collect().asList();
    }

    public Uni<Void> insert(PlaylistDocument playlist) {
        return MongoReactive.first(collection.insertOne(playlist.toBson())).replaceWithVoid();
    }

    /** Sets the fields; {@code null} when the playlist is gone or not at {@code expectedRev} (when given). */
    public Uni<PlaylistDocument> updateFields(String id, Long expectedRev, String name, String description,
                                              boolean isPublic, Instant now) {
        return update(filter(id, expectedRev), Updates.combine(Updates.set("name", name),
                Updates.set("description", description), Updates.set("public", isPublic),
                Updates.inc("rev", 1L), Updates.set("updatedAt", Date.from(now))));
    }

    /**
     * Inserts {@code item} at {@code position} (appends when null), if there is room under {@code cap} and the
     * position is within the list. One update, no read first: concurrent adds all land.
     */
    public Uni<PlaylistDocument> insertItem(String id, Long expectedRev, ItemDocument item, Integer position, int cap,
                                            Instant now) {
        List<Bson> conditions = new ArrayList<>(List.of(filter(id, expectedRev), Filters.lt("itemCount", cap)));
        if (position != null) {
            conditions.add(Filters.gte("itemCount", position));
        }
        PushOptions at = new PushOptions();
        if (position != null) {
            at.position(position);
        }
        return update(Filters.and(conditions), Updates.combine(
                Updates.pushEach("items", List.of(item.toBson()), at),
                Updates.inc("itemCount", 1), Updates.inc("totalDurationMs", (long) item.durationMs()),
                Updates.inc("rev", 1L), Updates.set("updatedAt", Date.from(now))));
    }

    /** Removes the item if it is still there (and the playlist at {@code expectedRev}, when given). */
    public Uni<PlaylistDocument> removeItem(String id, Long expectedRev, ItemDocument item, Instant now) {
        return update(Filters.and(filter(id, expectedRev), Filters.eq("items.id", item.id())), Updates.combine(
                Updates.pullByFilter(new Document("items", new Document("id", item.id()))),
                Updates.inc("itemCount", -1), Updates.inc("totalDurationMs", -(long) item.durationMs()),
                Updates.inc("rev", 1L), Updates.set("updatedAt", Date.from(now))));
    }

    /** Replaces the whole item list, only if the playlist is still at {@code readRev} (a move, a song purge). */
    public Uni<PlaylistDocument> replaceItems(String id, long readRev, List<ItemDocument> items, Instant now) {
        List<Document> stored = items.stream().map(ItemDocument::toBson).toList();
        long total = items.stream().mapToLong(ItemDocument::durationMs).sum();
        return update(Filters.and(Filters.eq("_id", objectId(id)), Filters.eq("rev", readRev)), Updates.combine(
                Updates.set("items", stored), Updates.set("itemCount", items.size()),
                Updates.set("totalDurationMs", total), Updates.inc("rev", 1L),
                Updates.set("updatedAt", Date.from(now))));
    }

    /** Deletes the playlist if it is at {@code expectedRev} (when given); false when nothing matched. */
    public Uni<Boolean> delete(String id, Long expectedRev) {
        return MongoReactive.first(collection.deleteOne(filter(id, expectedRev)))
                .map(result -> result.getDeletedCount() > 0);
    }

    private Uni<PlaylistDocument> update(Bson filter, Bson update) {
        return MongoReactive.first(collection.findOneAndUpdate(filter, update,
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).map(PlaylistDocument::fromBson);
    }

    private static Bson filter(String id, Long expectedRev) {
        Bson byId = Filters.eq("_id", objectId(id));
        return expectedRev == null ? byId : Filters.and(byId, Filters.eq("rev", expectedRev));
    }

    static ObjectId objectId(String id) {
        return id != null && ObjectId.isValid(id) ? new ObjectId(id) : null;
    }
}
