package dev.encore.support.problem;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Endpoints that fail the ways real ones do: a missing record, a bad body, a bug. */
@Path("/errors")
@PermitAll
@RequestScoped
public class ErrorsProbeResource {

    public record Greeting(String name, int times) {
    }

    @POST
    @Path("/echo")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Greeting echo(Greeting greeting) {
        if (greeting.name() == null || greeting.name().isBlank()) {
            throw new ProblemException(Problem.ofField(Response.Status.BAD_REQUEST, "name", "name is required"));
        }
        return greeting;
    }

    /** A body bound to a generic JSON type, where a binder recurses as deep as the document goes. */
    @POST
    @Path("/json")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_PLAIN)
    public String json(JsonValue body) {
        return body.getValueType().toString();
    }

    /** A raw body, parsed (or not) by the resource itself, as /graphql does. */
    @POST
    @Path("/raw")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_PLAIN)
    public String raw(String body) {
        return String.valueOf(body.length());
    }

    @GET
    @Path("/things/{id}")
    public String thing(@PathParam("id") String id) {
        throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "No thing " + id + "."));
    }

    @GET
    @Path("/bug")
    public String bug() {
        throw new IllegalStateException("database password is hunter2");
    }
}
