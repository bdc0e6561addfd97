package dev.encore.graphql;

/** GraphQL documents built to hurt a server, shared by the engine's unit tests and the end-to-end hostile-input tests. */
public final class HostileDocuments {

    private HostileDocuments() {
    }

    /** Each fragment spreads the previous one twice: {@code levels} levels expand to 2^levels fields. */
    public static String fragmentBomb(int levels) {
        StringBuilder bomb = new StringBuilder("{ songs { edges { node { ...F").append(levels)
                .append(" } } } } fragment F0 on Song { title }");
        for (int i = 1; i <= levels; i++) {
            bomb.append(" fragment F").append(i).append(" on Song { ...F").append(i - 1).append(" ...F")
                    .append(i - 1).append(" }");
        }
        return bomb.toString();
    }
}
