package dev.encore.support.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** Thrown by resources and services to answer with a given problem; mapped as is. */
public class ProblemException extends WebApplicationException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), problem.toResponse());
        this.problem = problem;
    }

    public static ProblemException badField(String field, String detail) {
        return new ProblemException(Problem.ofField(Response.Status.BAD_REQUEST, field, detail));
    }

    public static ProblemException of(Response.Status status, String detail) {
        return new ProblemException(Problem.of(status, detail));
    }

    public Problem problem() {
        return problem;
    }
}
