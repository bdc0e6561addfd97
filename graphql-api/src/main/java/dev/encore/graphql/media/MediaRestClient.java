package dev.encore.graphql.media;

import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** media-service's {@code GET /media/{id}}, as a MicroProfile Rest Client; built by {@link MediaLookups}. */
@Path("/media")
public interface MediaRestClient {

    /** The raw answer: {@link MediaLookups} reads 200, 404 and 410 itself (the default exception mapper is off). */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    CompletionStage<Response> find(@PathParam("id") String id);
}
