package dev.encore.graphql.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.encore.graphql.GraphqlClient;
import dev.encore.local.BackingServers;
import dev.encore.local.TestTokenIssuer;
import io.helidon.microprofile.server.Server;
import jakarta.json.Json;

/**
 * Starts graphql-api for the benchmark ({@code bench/run}): its own backing servers on free ports, the service on
 * {@code 127.0.0.1:<port>} with the cache on or off, and one album of twelve songs, whose ids it writes to
 * {@code target/bench-ids.env}. With a third argument {@code demo}: the demo catalog instead, and a curator token
 * printed for trying writes. Not a test; runs until killed.
 */
public final class BenchServer {

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        boolean cache = Boolean.parseBoolean(args[1]);
        boolean demo = args.length > 2 && "demo".equals(args[2]);
        BackingServers servers = BackingServers.shared();
        TestTokenIssuer issuer = TestTokenIssuer.shared();
        System.setProperty("mongodb.uri", servers.mongo().uri());
        System.setProperty("mongodb.database", "bench");
        System.setProperty("redis.url", servers.redis().url());
        System.setProperty("kafka.bootstrap.servers", servers.kafka().bootstrapServers());
        System.setProperty("jwt.issuer", issuer.issuer());
        System.setProperty("jwt.jwks-url", issuer.jwksUrl());
        System.setProperty("jwt.audience", TestTokenIssuer.AUDIENCE);
        System.setProperty("server.host", "127.0.0.1");
        System.setProperty("server.port", String.valueOf(port));
        System.setProperty("cache.enabled", String.valueOf(cache));
        if (demo) {
            System.setProperty("demo.seed.enabled", "true");
        }
        Server.Builder server = Server.builder();
        if (Boolean.getBoolean("bench.ping")) {
            // a constant JAX-RS endpoint to compare the REST twin with, on the same server (see Ping)
            server.retainDiscoveredApplications(true).addApplication("/ping", new jakarta.ws.rs.core.Application() {
                @Override
                public java.util.Set<Class<?>> getClasses() {
                    return java.util.Set.of(Ping.class);
                }
            });
        }
        server.build().start();
        if (demo) {
            System.out.println("demo server ready on port " + port + "; a curator token: "
                               + issuer.token("demo-curator", "curator"));
            return;
        }

        GraphqlClient client = new GraphqlClient(URI.create("http://127.0.0.1:" + port));
        String token = issuer.token("bench", "curator");
        String artistId = client.data("mutation { createArtist(input: {name: \"Bench Artist\"}) { id } }", token)
                .getJsonObject("createArtist").getString("id");
        String albumId = client.data("mutation($a: ID!) { createAlbum(input: {title: \"Bench Album\", artistId: $a}) "
                        + "{ id } }", Json.createObjectBuilder().add("a", artistId).build(), token)
                .getJsonObject("createAlbum").getString("id");
        String songId = null;
        for (int track = 1; track <= 12; track++) {
            songId = client.data("mutation($a: ID!, $b: ID!, $t: Int!) { createSong(input: {title: \"Bench Song\", "
                            + "artistId: $a, albumId: $b, trackNumber: $t, durationMs: 200000}) { id } }",
                    Json.createObjectBuilder().add("a", artistId).add("b", albumId).add("t", track).build(), token)
                    .getJsonObject("createSong").getString("id");
        }
        Files.writeString(Path.of("target", "bench-ids.env"), "SONG_ID=" + songId + "\nALBUM_ID=" + albumId + "\n");
        System.out.println("bench server ready on port " + port + " (cache " + cache + ")");
    }
}
