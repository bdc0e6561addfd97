package dev.encore.local;

import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The local stack's MongoDB keeps its data across a restart; the port is free again once it stops. */
class EmbeddedMongoTest {

    @Test
    void fileBackedDataSurvivesARestart(@TempDir Path data) {
        int port = Ports.free();
        try (EmbeddedMongo mongo = EmbeddedMongo.fileBacked(data, port);
             MongoClient client = MongoClients.create(mongo.uri())) {
            client.getDatabase("encore").getCollection("songs").insertOne(new Document("_id", "s1").append("title", "Intro"));
        }
        assertFalse(Ports.isOpen(port), "port " + port + " still accepts connections after stop");
        try (EmbeddedMongo mongo = EmbeddedMongo.fileBacked(data, port);
             MongoClient client = MongoClients.create(mongo.uri())) {
            Document song = client.getDatabase("encore").getCollection("songs").find().first();
            assertEquals("Intro", song.getString("title"));
        }
    }
}
