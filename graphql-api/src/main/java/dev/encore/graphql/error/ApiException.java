package dev.encore.graphql.error;

/**
 * An error the client caused or may act on, with the code it is reported under. Its message is shown to the client
 * as is, so it must never carry internals. Anything else a resolver throws is reported as {@link ErrorCode#INTERNAL}.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String field;

    public ApiException(ErrorCode code, String message) {
        this(code, null, message);
    }

    public ApiException(ErrorCode code, String field, String message) {
        super(message, null, false, false); // no stack trace: these are answers, not faults
        this.code = code;
        this.field = field;
    }

    public static ApiException badInput(String field, String message) {
        return new ApiException(ErrorCode.BAD_USER_INPUT, field, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(ErrorCode.CONFLICT, message);
    }

    public ErrorCode code() {
        return code;
    }

    /** The input field at fault (a dotted path such as {@code input.title}), or {@code null}. */
    public String field() {
        return field;
    }
}
