package dev.encore.graphql.catalog;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Replaces the service's {@link MongoDatabase} with one whose driver counts the commands it sends, so tests can
 * assert how many queries a GraphQL document costs. Same server, same database, same driver: only a listener added.
 */
@Alternative
@Priority(100)
@ApplicationScoped
public class CountingMongo {

    private static final Set<String> READS = Set.of("find", "aggregate", "count", "getMore", "distinct");
    private static final Map<String, AtomicInteger> COMMANDS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> READS_BY_COLLECTION = new ConcurrentHashMap<>();

    private MongoClient client;

    @Produces
    @Singleton
    MongoDatabase database() {
        var config = ConfigProvider.getConfig();
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                COMMANDS.computeIfAbsent(event.getCommandName(), name -> new AtomicInteger()).incrementAndGet();
                if (READS.contains(event.getCommandName())) {
                    READS_BY_COLLECTION.computeIfAbsent(collection(event), name -> new AtomicInteger())
                            .incrementAndGet();
                }
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(config.getValue("mongodb.uri", String.class)))
                .addCommandListener(listener)
                .build());
        return client.getDatabase(config.getValue("mongodb.database", String.class));
    }

    public static void reset() {
        COMMANDS.clear();
        READS_BY_COLLECTION.clear();
    }

    /** Read commands (find, aggregate, count, getMore, distinct) sent since the last {@link #reset()}. */
    public static int reads() {
        return COMMANDS.entrySet().stream().filter(e -> READS.contains(e.getKey()))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** Read commands sent to one collection since the last {@link #reset()}. */
    public static int reads(String collection) {
        AtomicInteger count = READS_BY_COLLECTION.get(collection);
        return count == null ? 0 : count.get();
    }

    public static Map<String, AtomicInteger> commands() {
        return Map.copyOf(COMMANDS);
    }

    /** Read commands per collection since the last {@link #reset()}, for assertion messages. */
    public static Map<String, AtomicInteger> readsByCollection() {
        return Map.copyOf(READS_BY_COLLECTION);
    }

    /** {@code find: "songs"} names its collection; a {@code getMore} names it in {@code collection}. */
    private static String collection(CommandStartedEvent event) {
        BsonDocument command = event.getCommand();
        BsonValue name = "getMore".equals(event.getCommandName()) ? command.get("collection")
                : command.get(event.getCommandName());
        return name != null && name.isString() ? name.asString().getValue() : "?";
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
