package dev.encore.chat.endpoint;

import dev.encore.chat.model.RoomId;
import dev.encore.support.problem.Problem;
import dev.encore.support.problem.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * What a plain HTTP request to a chat socket URL gets: a WebSocket handshake that is upgraded never gets here. A room
 * id that is not one (including ids whose handshake {@link HandshakeGuard} kept from Tyrus) is a 400 naming
 * {@code roomId}; a handshake with a valid one that was not upgraded is a 400 too (its query); a plain GET is a 426
 * saying to open a WebSocket. The path takes every segment after {@code /chat/},
 * so an encoded slash is a bad room id rather than an unknown path.
 */
@Path("/chat/{roomId: .+}")
@ApplicationScoped
@PermitAll
public class ChatHttpResource {

    @GET
    @Operation(hidden = true)
    public Response socketUrl(@PathParam("roomId") String roomId, @HeaderParam("Upgrade") String upgrade) {
        if (!RoomId.valid(roomId)) {
            throw ProblemException.badField("roomId", RoomId.RULE);
        }
        if (upgrade != null) {
            // A handshake that was not upgraded with a valid room id: HandshakeGuard refused its query.
            throw ProblemException.of(Response.Status.BAD_REQUEST, "The WebSocket handshake is not valid: decoded, "
                    + "its query has characters a URL cannot carry (control characters, spaces...).");
        }
        return Response.fromResponse(new Problem("about:blank", "Upgrade Required", 426,
                "This is a WebSocket URL: open it with a WebSocket client.", null).toResponse())
                .header("Upgrade", "websocket").build();
    }
}
