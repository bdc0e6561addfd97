package dev.encore.chat.endpoint;

import java.time.Instant;
import java.util.function.BiConsumer;

import dev.encore.chat.model.RoomId;
import dev.encore.chat.moderation.ModerationService;
import dev.encore.chat.presence.PresenceService;
import dev.encore.support.problem.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The moderators' REST API for a room: slow mode, mutes and bans. Reading a room's settings is public. */
@Path("/rooms/{roomId}")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"moderator", "admin"})
@Tag(name = "rooms", description = "Chat room settings and moderation")
public class ModerationResource {

    static final int MAX_SLOW_MODE_SECONDS = 6 * 3600;
    static final int MAX_MUTE_SECONDS = 30 * 24 * 3600;

    @Inject
    ModerationService moderation;

    @Inject
    PresenceService presence;

    public record RoomView(String roomId, int slowModeSeconds, int online) { }

    public record SlowModeRequest(Integer slowModeSeconds) { }

    public record MuteRequest(String userId, Integer seconds) { }

    public record MuteView(String roomId, String userId, Instant until) { }

    public record BanRequest(String userId) { }

    public record BanView(String roomId, String userId) { }

    @GET
    @PermitAll
    @Operation(summary = "The room's settings and how many people are online in it")
    public RoomView room(@PathParam("roomId") String roomId) {
        checkRoom(roomId);
        return new RoomView(roomId, moderation.slowModeSeconds(roomId), presence.online(roomId));
    }

    @PUT
    @Path("/settings")
    @Operation(summary = "Set slow mode (0 turns it off)")
    public RoomView settings(@PathParam("roomId") String roomId, SlowModeRequest request, @Context SecurityContext caller) {
        checkRoom(roomId);
        if (request == null || request.slowModeSeconds() == null) {
            throw ProblemException.badField("slowModeSeconds", "is required: seconds, 0.." + MAX_SLOW_MODE_SECONDS);
        }
        if (request.slowModeSeconds() < 0 || request.slowModeSeconds() > MAX_SLOW_MODE_SECONDS) {
            throw ProblemException.badField("slowModeSeconds", "must be 0.." + MAX_SLOW_MODE_SECONDS);
        }
        moderation.setSlowMode(roomId, request.slowModeSeconds(), who(caller));
        return new RoomView(roomId, request.slowModeSeconds(), presence.online(roomId));
    }

    @POST
    @Path("/mutes")
    @Operation(summary = "Mute a user in the room for some seconds")
    public Response mute(@PathParam("roomId") String roomId, MuteRequest request, @Context SecurityContext caller) {
        checkRoomAndUser(roomId, request == null ? null : request.userId());
        if (request.seconds() == null || request.seconds() < 1 || request.seconds() > MAX_MUTE_SECONDS) {
            throw ProblemException.badField("seconds", "must be 1.." + MAX_MUTE_SECONDS);
        }
        Instant until = moderation.mute(roomId, request.userId(), request.seconds(), who(caller));
        return created(new MuteView(roomId, request.userId(), until));
    }

    @DELETE
    @Path("/mutes/{userId}")
    @Operation(summary = "Lift a mute")
    public Response unmute(@PathParam("roomId") String roomId, @PathParam("userId") String userId) {
        return lift(roomId, userId, moderation::unmute);
    }

    @POST
    @Path("/bans")
    @Operation(summary = "Ban a user from the room; their open sockets in it are closed (4403)")
    public Response ban(@PathParam("roomId") String roomId, BanRequest request, @Context SecurityContext caller) {
        checkRoomAndUser(roomId, request == null ? null : request.userId());
        moderation.ban(roomId, request.userId(), who(caller));
        return created(new BanView(roomId, request.userId()));
    }

    @DELETE
    @Path("/bans/{userId}")
    @Operation(summary = "Lift a ban")
    public Response unban(@PathParam("roomId") String roomId, @PathParam("userId") String userId) {
        return lift(roomId, userId, moderation::unban);
    }

    /** Lifting a mute or a ban: 204 whether or not there was one, so a retried DELETE answers the same. */
    private static Response lift(String roomId, String userId, BiConsumer<String, String> lift) {
        checkRoom(roomId);
        lift.accept(roomId, userId);
        return Response.noContent().build();
    }

    private static Response created(Object view) {
        return Response.status(Response.Status.CREATED).entity(view).build();
    }

    private static void checkRoom(String roomId) {
        if (!RoomId.valid(roomId)) {
            throw ProblemException.badField("roomId", RoomId.RULE);
        }
    }

    /** The room id first, then the body's {@code userId}: so a bad room is reported as such whatever the body. */
    private static void checkRoomAndUser(String roomId, String userId) {
        checkRoom(roomId);
        if (userId == null || userId.isBlank() || userId.length() > 128) {
            throw ProblemException.badField("userId", "is required: 1-128 characters");
        }
    }

    private static String who(SecurityContext caller) {
        return caller.getUserPrincipal() instanceof JsonWebToken jwt ? jwt.getSubject() : null;
    }
}
