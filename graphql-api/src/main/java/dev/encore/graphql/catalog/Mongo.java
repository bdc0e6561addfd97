package dev.encore.graphql.catalog;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.types.ObjectId;

/** Field names and small conversions shared by the catalog's stored documents. */
final class Mongo {

    static final String SORT_KEY = "sortKey";
    static final String SEARCH_TOKENS = "searchTokens";

    private Mongo() {
    }

    static List<String> strings(Document bson, String field) {
        List<?> values = bson.getList(field, Object.class);
        List<String> strings = new ArrayList<>();
        if (values != null) {
            values.forEach(value -> strings.add(String.valueOf(value)));
        }
        return strings;
    }

    /** The id as an ObjectId, or {@code null} when it cannot be one (such an id matches nothing). */
    static ObjectId objectId(String id) {
        return id != null && ObjectId.isValid(id) ? new ObjectId(id) : null;
    }
}
