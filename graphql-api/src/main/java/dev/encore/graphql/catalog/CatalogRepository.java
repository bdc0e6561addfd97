package dev.encore.graphql.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.encore.graphql.relay.Cursor;
import dev.encore.graphql.relay.Page;
import dev.encore.graphql.relay.PageRequest;
import dev.encore.support.mongo.MongoReactive;
import io.smallrye.mutiny.Uni;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * What the three catalog collections share: lookups by id (one {@code $in} query for a batch), keyset pages in
 * {@code (sortKey, _id)} order, and the three search queries. Subclasses add their own intent-named queries.
 *
 * <p>Keyset, not skip: a page starts right after the last {@code (sortKey, _id)} the client saw, served by the
 * compound index, so page 50 costs what page 1 costs, and an insert elsewhere never shifts or repeats items.
 */
abstract class CatalogRepository<D> {

    private MongoCollection<Document> collection;
    private Function<Document, D> fromBson;

    /** Called from the subclass's {@code @PostConstruct} (normal-scoped beans need a no-argument constructor). */
    void bind(MongoCollection<Document> collection, Function<Document, D> fromBson) {
        this.collection = collection;
        this.fromBson = fromBson;
    }

    MongoCollection<Document> collection() {
        return collection;
    }

    /** The indexes every catalog collection needs; {@code createIndex} is a no-op when one exists. */
    Uni<Void> ensureCommonIndexes() {
        return index(Indexes.ascending(Mongo.SORT_KEY, "_id"), new IndexOptions().name("sortKey_id"))
                .chain(() -> index(Indexes.ascending(Mongo.SEARCH_TOKENS), new IndexOptions().name("searchTokens")));
    }

    Uni<Void> index(Bson keys, IndexOptions options) {
        return MongoReactive.first(collection.createIndex(keys, options)).replaceWithVoid();
    }

    public Uni<D> findById(String id) {
        ObjectId objectId = Mongo.objectId(id);
        if (objectId == null) {
            return Uni.createFrom().nullItem();
        }
        return MongoReactive.first(collection.find(Filters.eq("_id", objectId)).first()).map(this::map);
    }

    /** Every document with one of these ids, in no particular order; unknown or malformed ids are skipped. */
    public Uni<List<D>> findByIds(Collection<String> ids) {
        List<ObjectId> objectIds = ids.stream().map(Mongo::objectId).filter(Objects::nonNull).distinct().toList();
        if (objectIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list(collection.find(Filters.in("_id", objectIds)));
    }

    public Uni<Page<D>> page(PageRequest request) {
        if (request.first() == 0) {
            return Uni.createFrom().item(new Page<>(List.of(), false));
        }
        Bson filter = new Document();
        Cursor after = request.after();
        if (after != null) {
            ObjectId id = Mongo.objectId(after.id());
            filter = id == null ? Filters.eq("_id", null) : Filters.or(
                    Filters.gt(Mongo.SORT_KEY, after.sortKey()),
                    Filters.and(Filters.eq(Mongo.SORT_KEY, after.sortKey()), Filters.gt("_id", id)));
        }
        return list(collection.find(filter).sort(Sorts.ascending(Mongo.SORT_KEY, "_id")).limit(request.first() + 1))
                .map(fetched -> Page.of(fetched, request.first()));
    }

    public Uni<Long> count() {
        return MongoReactive.first(collection.countDocuments());
    }

    public Uni<Void> insert(Document bson) {
        return MongoReactive.first(collection.insertOne(bson)).replaceWithVoid();
    }

    /** Replaces the stored document with the same id; {@code false} when there is none. */
    public Uni<Boolean> replace(Document bson) {
        return MongoReactive.first(collection.replaceOne(Filters.eq("_id", bson.get("_id")), bson))
                .map(result -> result.getMatchedCount() > 0);
    }

    /**
     * Replaces the stored document with the same id only while its {@code artistId} is still {@code artistId}: the
     * artist whose ownership was checked. {@code false} when there is none (deleted, or moved to another artist).
     */
    public Uni<Boolean> replaceUnderArtist(Document bson, String artistId) {
        return MongoReactive.first(collection.replaceOne(Filters.and(Filters.eq("_id", bson.get("_id")),
                        Filters.eq("artistId", artistId)), bson))
                .map(result -> result.getMatchedCount() > 0);
    }

    /** Deletes the document only while it is still under {@code artistId} (see {@link #replaceUnderArtist}). */
    public Uni<Boolean> deleteUnderArtist(String id, String artistId) {
        ObjectId objectId = Mongo.objectId(id);
        if (objectId == null) {
            return Uni.createFrom().item(false);
        }
        return MongoReactive.first(collection.deleteOne(Filters.and(Filters.eq("_id", objectId),
                        Filters.eq("artistId", artistId))))
                .map(result -> result.getDeletedCount() > 0);
    }

    public Uni<Boolean> delete(String id) {
        ObjectId objectId = Mongo.objectId(id);
        if (objectId == null) {
            return Uni.createFrom().item(false);
        }
        return MongoReactive.first(collection.deleteOne(Filters.eq("_id", objectId)))
                .map(result -> result.getDeletedCount() > 0);
    }

    /** Documents whose whole normalized name is {@code phrase}. */
    public Uni<List<D>> findByExactKey(String phrase, int limit) {
        return list(collection.find(Filters.eq(Mongo.SORT_KEY, phrase)).limit(limit));
    }

    /** Documents whose normalized name starts with {@code phrase}, in name order. */
    public Uni<List<D>> findByKeyPrefix(String phrase, int limit) {
        return list(collection.find(Filters.regex(Mongo.SORT_KEY, SearchKeys.prefixRegex(phrase)))
                .sort(Sorts.ascending(Mongo.SORT_KEY, "_id")).limit(limit));
    }

    /** Documents having, for every one of {@code tokens}, a word that starts with it, in name order. */
    public Uni<List<D>> findByTokenPrefixes(List<String> tokens, int limit) {
        List<Bson> all = new ArrayList<>();
        tokens.forEach(token -> all.add(Filters.regex(Mongo.SEARCH_TOKENS, SearchKeys.prefixRegex(token))));
        return list(collection.find(Filters.and(all)).sort(Sorts.ascending(Mongo.SORT_KEY, "_id")).limit(limit));
    }

    Uni<List<D>> list(com.mongodb.reactivestreams.client.FindPublisher<Document> find) {
        return MongoReactive.all(find).map(fromBson).collect().asList();
    }

    private D map(Document bson) {
        return bson == null ? null : fromBson.apply(bson);
    }
}
