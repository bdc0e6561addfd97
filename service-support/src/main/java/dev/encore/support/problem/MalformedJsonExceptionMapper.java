package dev.encore.support.problem;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A request body that is not the JSON the endpoint expects is the client's mistake: 400 with the property at fault
 * (when JSON-B names one) or the position of the syntax error, never a 500. Jersey wraps the JSON-B failure in a
 * {@link ProcessingException}; any other processing failure is a server fault and stays a 500.
 */
@Provider
@ApplicationScoped
public class MalformedJsonExceptionMapper implements ExceptionMapper<ProcessingException> {

    private static final Pattern PROPERTY = Pattern.compile("deserialize property '([^']+)'");

    private final UnexpectedExceptionMapper unexpected = new UnexpectedExceptionMapper();

    @Override
    public Response toResponse(ProcessingException exception) {
        ProblemException clientMistake = ProblemException.findIn(exception);
        if (clientMistake != null) {
            return clientMistake.getResponse();
        }
        Problem problem = describe(exception);
        return problem != null ? problem.toResponse() : unexpected.toResponse(exception);
    }

    /** The 400 problem for a malformed or mistyped JSON body, or {@code null} when the cause is not the body. */
    static Problem describe(Throwable exception) {
        ProblemException clientMistake = ProblemException.findIn(exception);
        if (clientMistake != null) {
            return clientMistake.problem();
        }
        String property = null;
        JsonParsingException syntax = null;
        boolean jsonb = false;
        for (Throwable cause = exception; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof JsonbException) {
                jsonb = true;
                Matcher matcher = PROPERTY.matcher(String.valueOf(cause.getMessage()));
                if (property == null && matcher.find()) {
                    property = matcher.group(1);
                }
            }
            if (cause instanceof JsonParsingException parsing) {
                syntax = parsing;
            }
        }
        if (syntax != null) {
            var location = syntax.getLocation();
            return Problem.of(Response.Status.BAD_REQUEST, location == null
                    ? "The request body is not valid JSON."
                    : "The request body is not valid JSON (line " + location.getLineNumber() + ", column "
                            + location.getColumnNumber() + ").");
        }
        if (property != null) {
            return Problem.ofField(Response.Status.BAD_REQUEST, property,
                    "The value of '" + property + "' has the wrong type.");
        }
        return jsonb ? Problem.of(Response.Status.BAD_REQUEST, "The request body does not have the expected shape.")
                : null;
    }
}
