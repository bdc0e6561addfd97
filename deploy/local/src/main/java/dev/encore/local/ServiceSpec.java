package dev.encore.local;

import java.util.List;

/**
 * One Encore service as the launcher runs it: its module (and so its jar), the variable that sets its port, and the
 * backing services it needs.
 */
record ServiceSpec(String name, int defaultPort, String portVariable, String summary) {

    static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("identity-service", 8081, "IDENTITY_SERVICE_PORT", "accounts, tokens, JWKS"),
            new ServiceSpec("graphql-api", 8080, "GRAPHQL_API_PORT", "GraphQL API and GraphiQL"),
            new ServiceSpec("media-service", 8082, "MEDIA_SERVICE_PORT", "audio upload and delivery"),
            new ServiceSpec("chat-service", 8083, "CHAT_SERVICE_PORT", "live chat"));

    /** The database each service owns in the shared MongoDB (data is never shared between services). */
    String databaseName() {
        return "encore_" + name.replace("-service", "").replace("-api", "").replace('-', '_');
    }
}
