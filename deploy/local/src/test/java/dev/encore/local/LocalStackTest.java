package dev.encore.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher refuses a taken port up front, naming the port and the variable that moves it. */
class LocalStackTest {

    @Test
    void takenPortIsNamedWithItsVariable(@TempDir Path data) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            LocalStack stack = new LocalStack(Map.of(
                    "LOCAL_DATA_DIR", data.toString(),
                    "MONGO_PORT", String.valueOf(Ports.free()),
                    "REDIS_PORT", String.valueOf(Ports.free()),
                    "KAFKA_PORT", String.valueOf(Ports.free()),
                    "KAFKA_CONTROLLER_PORT", String.valueOf(Ports.free()),
                    "GRAPHQL_API_PORT", String.valueOf(port)), data);
            IllegalStateException error = assertThrows(IllegalStateException.class, stack::start);
            assertTrue(error.getMessage().contains(String.valueOf(port)), error.getMessage());
            assertTrue(error.getMessage().contains("GRAPHQL_API_PORT"), error.getMessage());
        }
    }
}
