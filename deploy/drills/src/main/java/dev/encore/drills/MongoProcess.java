package dev.encore.drills;

import java.io.IOException;

import dev.encore.local.EmbeddedMongo;

/**
 * The MongoDB wire server in a JVM of its own, so the MongoDB drill can freeze it with SIGSTOP without freezing the
 * drills (the launcher runs it in its own JVM). It exits when its standard input closes, that is when the drills JVM
 * that started it ends, however it ends.
 */
public final class MongoProcess {

    private MongoProcess() {
    }

    public static void main(String[] args) throws IOException {
        EmbeddedMongo mongo = EmbeddedMongo.inMemory(Integer.parseInt(args[0]));
        System.out.println("mongo ready on " + mongo.uri());
        while (System.in.read() >= 0) {
            // wait for EOF
        }
        mongo.close();
        System.exit(0);
    }
}
