package dev.encore.graphql.bench;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A trivial JAX-RS endpoint for the benchmarks ({@code GET /ping}, a constant): measured in the same
 * run as the REST twin, it tells a stall of the server (Helidon, Jersey, the machine) from one of the twin's own work.
 * Added to the benchmark's server only ({@code -Dbench.ping=true}), never to the service.
 */
@Path("/")
@PermitAll
@ApplicationScoped
public class Ping {

    private static final String ANSWER = "{\"data\":{\"song\":{\"id\":\"x\",\"title\":\"Bench Song\"}}}";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String ping() {
        return ANSWER;
    }
}
