package dev.encore.support.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Every JAX-RS status exception (404, 405, 415, ...) and every {@link ProblemException} as problem+json. */
@Provider
@ApplicationScoped
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        if (exception instanceof ProblemException problemException) {
            return problemException.getResponse();
        }
        ProblemException wrapped = ProblemException.findIn(exception.getCause());
        if (wrapped != null) {
            return wrapped.getResponse();
        }
        if (exception instanceof NotFoundException) {
            // Left bodiless on purpose: when no JAX-RS resource matched, Helidon must see a bare 404 to route the
            // request on to /health, /metrics, /openapi and static content, which live outside JAX-RS.
            // BodilessErrorFilter adds the problem body when a resource did match.
            return exception.getResponse();
        }
        Response original = exception.getResponse();
        Response.StatusType status = original.getStatusInfo();
        Response.ResponseBuilder answer = Response.status(status)
                .type(Problem.PROBLEM_JSON)
                .entity(Problem.of(status, detailFor(status.getStatusCode())));
        // Keep the headers that carry meaning for the client: Allow on 405, WWW-Authenticate on 401, Retry-After.
        for (String header : new String[] {"Allow", "WWW-Authenticate", "Retry-After"}) {
            Object value = original.getHeaders().getFirst(header);
            if (value != null) {
                answer.header(header, value);
            }
        }
        return answer.build();
    }

    static String detailFor(int status) {
        return switch (status) {
            case 400 -> "The request could not be read.";
            case 401 -> "A valid bearer token is required.";
            case 403 -> "Your roles do not allow this operation.";
            case 404 -> "Nothing is here.";
            case 405 -> "This method is not allowed here; see the Allow header.";
            case 406 -> "None of the media types in Accept can be produced.";
            case 413 -> "The request body is too large.";
            case 415 -> "This Content-Type is not supported here.";
            default -> "The request failed.";
        };
    }
}
