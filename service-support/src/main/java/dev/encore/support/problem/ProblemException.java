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

    /** With a response built from the problem plus headers of its own (e.g. {@code Connection: close}). */
    protected ProblemException(Problem problem, Response response) {
        super(problem.detail(), response);
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

    /**
     * The problem a client mistake caused, when one is somewhere in the causes: a body reader (JSON-B, Parsson, a
     * resource's own stream loop) may wrap what the request stream threw, and the wrapping must not turn a 400 or a
     * 408 into a 500.
     */
    public static ProblemException findIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return problem;
            }
        }
        return null;
    }
}
