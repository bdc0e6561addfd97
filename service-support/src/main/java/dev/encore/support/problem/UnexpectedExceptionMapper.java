package dev.encore.support.problem;

import java.lang.System.Logger.Level;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The last resort: a 500 problem that names an incident id the operator can find in the log, and never the
 * exception itself (stack traces and messages can leak internals to a client).
 */
@Provider
@ApplicationScoped
public class UnexpectedExceptionMapper implements ExceptionMapper<Exception> {

    private static final System.Logger LOG = System.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Exception exception) {
        ProblemException clientMistake = ProblemException.findIn(exception);
        if (clientMistake != null) {
            return clientMistake.getResponse();
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.ERROR, "Unhandled exception, incident " + incident, exception);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR,
                "The server failed to answer; incident " + incident + " is in its log.").toResponse();
    }
}
