package dev.encore.identity.login;

import dev.encore.support.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 429 problem+json with {@code Retry-After}: the same answer whether or not the email has an account. */
@Provider
@ApplicationScoped
public class LockedOutExceptionMapper implements ExceptionMapper<LockedOutException> {

    @Override
    public Response toResponse(LockedOutException exception) {
        long seconds = exception.retryAfterSeconds();
        return Response.fromResponse(Problem.of(Response.Status.TOO_MANY_REQUESTS,
                                                "Too many failed sign-ins; try again in " + seconds + " s.").toResponse())
                .header(HttpHeaders.RETRY_AFTER, seconds)
                .build();
    }
}
