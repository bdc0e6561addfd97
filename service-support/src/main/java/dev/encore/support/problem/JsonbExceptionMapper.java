package dev.encore.support.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A JSON-B failure that reaches a resource unwrapped (a body bound by hand): the same 400 as a malformed body. */
@Provider
@ApplicationScoped
public class JsonbExceptionMapper implements ExceptionMapper<JsonbException> {

    @Override
    public Response toResponse(JsonbException exception) {
        return MalformedJsonExceptionMapper.describe(exception).toResponse();
    }
}
