package dev.encore.support.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request body that is not the JSON the endpoint expects: a client's mistake, so 400, not 500. */
@Provider
@ApplicationScoped
public class MalformedJsonExceptionMapper implements ExceptionMapper<JsonbException> {

    @Override
    public Response toResponse(JsonbException exception) {
        return Problem.of(Response.Status.BAD_REQUEST, "The request body is not valid JSON for this operation.")
                .toResponse();
    }
}
