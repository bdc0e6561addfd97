package dev.encore.graphql.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpMediaType;

/**
 * The media type of a GraphQL answer, negotiated as the GraphQL-over-HTTP spec says: {@code
 * application/graphql-response+json} when the client accepts it, else {@code application/json} (also for no
 * {@code Accept} at all, as the spec advises for legacy clients); neither accepted is a 406.
 */
enum AnswerType {

    GRAPHQL_RESPONSE_JSON("application/graphql-response+json;charset=utf-8"),
    JSON("application/json;charset=utf-8");

    /** The {@code Content-Type} of the answer. */
    final Header contentType;

    AnswerType(String contentType) {
        this.contentType = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, contentType);
    }

    /**
     * The client's preferred type (highest {@code q} first, then the most specific), or {@code null} when it accepts
     * neither.
     *
     * @throws IllegalArgumentException when the {@code Accept} header does not parse
     */
    static AnswerType negotiate(Headers headers) {
        if (!headers.contains(HeaderNames.ACCEPT)) {
            return JSON;
        }
        for (HttpMediaType accepted : byPreference(headers.get(HeaderNames.ACCEPT).allValues())) {
            if ("application".equals(accepted.type()) && "graphql-response+json".equals(accepted.subtype())) {
                return GRAPHQL_RESPONSE_JSON;
            }
            if ((accepted.isWildcardType() || "application".equals(accepted.type()))
                && (accepted.isWildcardSubtype() || "json".equals(accepted.subtype()))) {
                return JSON;
            }
        }
        return null;
    }

    private static List<HttpMediaType> byPreference(List<String> values) {
        List<HttpMediaType> types = new ArrayList<>();
        for (String value : values) {
            for (String range : value.split(",")) {
                if (!range.isBlank()) {
                    types.add(HttpMediaType.create(range.trim()));
                }
            }
        }
        // A stable sort: equally preferred ranges keep the client's order.
        types.sort(Comparator.comparingDouble(HttpMediaType::qualityFactor).reversed()
                .thenComparingInt(AnswerType::wildcards));
        return types;
    }

    private static int wildcards(HttpMediaType type) {
        return (type.isWildcardType() ? 1 : 0) + (type.isWildcardSubtype() ? 1 : 0);
    }
}
