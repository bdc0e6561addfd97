package dev.encore.chat.delivery;

import dev.encore.chat.ChatConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The socket half of a replica's periodic maintenance: sockets silent for {@code chat.idle-timeout} are closed
 * (1001), the others get a ping when it is time, so proxies keep the connection and a dead peer shows itself.
 */
@ApplicationScoped
public class Connections {

    @Inject
    ChatConfig config;

    /** Closes the room's idle sockets and, when {@code ping}, pings the others; {@code now} is a nanoTime. */
    public void sweep(LocalRooms.LocalRoom room, long now, boolean ping) {
        for (ChatSocket socket : room.sockets()) {
            if (now - socket.lastSeenNanos() > config.idleTimeout().toNanos()) {
                socket.close(1001, "idle");
            } else if (ping) {
                socket.ping();
            }
        }
    }
}
