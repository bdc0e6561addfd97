package dev.encore.graphql.engine;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.encore.graphql.error.ApiException;
import dev.encore.graphql.error.ErrorCode;
import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.ExceptionWhileDataFetching;
import graphql.GraphQLError;
import graphql.execution.NonNullableValueCoercedAsNullException;
import graphql.introspection.GoodFaithIntrospection;
import graphql.language.SourceLocation;
import graphql.schema.CoercingParseValueException;
import io.smallrye.graphql.execution.error.GraphQLExceptionWhileDataFetching;
import io.smallrye.graphql.transformation.TransformException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * Turns graphql-java's errors into the spec's error objects with an {@code extensions.code} from
 * {@link ErrorCode}. This is the one place that decides what a client may see: an {@link ApiException}'s message,
 * graphql-java's parse and validation messages, and for anything else a generic message with an incident id that is
 * in the log. Never a stack trace, an exception class name or a driver message.
 */
final class GraphqlErrors {

    private static final System.Logger LOG = System.getLogger(GraphqlErrors.class.getName());

    private GraphqlErrors() {
    }

    static JsonArrayBuilder toJson(List<GraphQLError> errors) {
        JsonArrayBuilder array = ResponseJson.JSON.createArrayBuilder();
        errors.forEach(error -> array.add(toJson(error)));
        return array;
    }

    static JsonObject requestError(ErrorCode code, String message) {
        return ResponseJson.JSON.createObjectBuilder()
                .add("message", message)
                .add("extensions", ResponseJson.JSON.createObjectBuilder().add("code", code.name()))
                .build();
    }

    private static JsonObject toJson(GraphQLError error) {
        ErrorCode code;
        String message;
        String field = null;
        Throwable exception = exceptionOf(error);
        if (exception != null) {
            ApiException api = find(exception, ApiException.class);
            TransformException transform = find(exception, TransformException.class);
            if (api != null) {
                code = api.code();
                message = api.getMessage();
                field = api.field();
            } else if (transform != null) {
                code = ErrorCode.BAD_USER_INPUT;
                message = "An argument has the wrong format: " + transform.getMessage();
            } else if (isUnresolvableRepresentation(exception)) {
                code = ErrorCode.BAD_USER_INPUT;
                String detail = String.valueOf(exception.getMessage());
                message = "A representation names a type or key fields this subgraph cannot resolve"
                          + (detail.startsWith("no query found for ") ? " (" + detail + ")" : "")
                          + ": its entities are Artist, Album, Song, Playlist and LiveEvent, each keyed by a string id.";
            } else {
                String incident = UUID.randomUUID().toString();
                LOG.log(Level.ERROR, "Resolver failed at " + error.getPath() + ", incident " + incident, exception);
                code = ErrorCode.INTERNAL;
                message = "The server failed to resolve this field; incident " + incident + " is in its log.";
            }
        } else {
            code = classify(error);
            message = code == ErrorCode.INTERNAL ? "The server failed to answer." : plain(error.getMessage());
            if (code == ErrorCode.INTERNAL) {
                LOG.log(Level.ERROR, "GraphQL error without an exception: " + error);
            }
        }
        JsonObjectBuilder json = ResponseJson.JSON.createObjectBuilder().add("message", message);
        List<SourceLocation> locations = error.getLocations();
        if (locations != null && !locations.isEmpty()) {
            JsonArrayBuilder array = ResponseJson.JSON.createArrayBuilder();
            locations.forEach(location -> array.add(ResponseJson.JSON.createObjectBuilder()
                    .add("line", location.getLine()).add("column", location.getColumn())));
            json.add("locations", array);
        }
        if (error.getPath() != null && !error.getPath().isEmpty()) {
            JsonArrayBuilder path = ResponseJson.JSON.createArrayBuilder();
            for (Object segment : error.getPath()) {
                if (segment instanceof Integer index) {
                    path.add(index);
                } else {
                    path.add(String.valueOf(segment));
                }
            }
            json.add("path", path);
        }
        JsonObjectBuilder extensions = ResponseJson.JSON.createObjectBuilder().add("code", code.name());
        if (field != null) {
            extensions.add("field", field);
        }
        return json.add("extensions", extensions).build();
    }

    /** graphql-java's "argument 'first' with value 'StringValue{value='abc'}' is not a valid 'Int' - ..." */
    private static final Pattern NOT_VALID = Pattern.compile(
            "^(?:Validation error \\([^)]*\\) : )?argument '([^']+)' with value '(.*)' is not a valid '([^']+)'.*$",
            Pattern.DOTALL);
    private static final Pattern STRING_VALUE = Pattern.compile("StringValue\\{value='(.*?)'}");
    private static final Pattern SCALAR_VALUE = Pattern.compile("(?:Int|Float|Boolean)Value\\{value=([^}]*)}");
    private static final Pattern ENUM_VALUE = Pattern.compile("EnumValue\\{name='([^']*)'}");
    private static final Pattern VARIABLE = Pattern.compile("VariableReference\\{name='([^']*)'}");
    /** "..., but it was a 'BigDecimal'": names a Java or syntax tree class, which means nothing to a client. */
    private static final Pattern JAVA_TYPE = Pattern.compile(",? but it was an? '[A-Za-z.]+'");

    /**
     * graphql-java words some request errors with the {@code toString} of its syntax tree and Java class names;
     * rewritten here into what the client wrote. The most common one, a literal argument of the wrong type, gets
     * a sentence of its own.
     */
    static String plain(String message) {
        if (message == null) {
            return "The request is not valid.";
        }
        Matcher notValid = NOT_VALID.matcher(message);
        if (notValid.matches()) {
            String type = notValid.group(3);
            return "Argument '" + notValid.group(1) + "' must be " + (isVowel(type) ? "an " : "a ") + type + "; got "
                   + describeLiteral(notValid.group(2)) + ".";
        }
        String out = STRING_VALUE.matcher(message).replaceAll(m -> Matcher.quoteReplacement("\"" + m.group(1) + "\""));
        out = SCALAR_VALUE.matcher(out).replaceAll("$1");
        out = ENUM_VALUE.matcher(out).replaceAll("$1");
        out = VARIABLE.matcher(out).replaceAll(m -> Matcher.quoteReplacement("$" + m.group(1)));
        out = replaceComposite(out, "ObjectValue{", "{…}");
        out = replaceComposite(out, "ArrayValue{", "[…]");
        out = out.replace("NullValue{}", "null");
        return JAVA_TYPE.matcher(out).replaceAll("");
    }

    private static String describeLiteral(String ast) {
        Matcher m;
        if ((m = STRING_VALUE.matcher(ast)).matches()) {
            return "the string \"" + m.group(1) + "\"";
        }
        if ((m = SCALAR_VALUE.matcher(ast)).matches() || (m = ENUM_VALUE.matcher(ast)).matches()) {
            return m.group(1);
        }
        if ((m = VARIABLE.matcher(ast)).matches()) {
            return "$" + m.group(1);
        }
        if (ast.startsWith("ObjectValue{")) {
            return "an object";
        }
        if (ast.startsWith("ArrayValue{")) {
            return "a list";
        }
        return ast.startsWith("NullValue") ? "null" : "another kind of value";
    }

    /** Replaces each {@code prefix...}} (braces balanced) with {@code replacement}. */
    private static String replaceComposite(String text, String prefix, String replacement) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int start = text.indexOf(prefix); start >= 0; start = text.indexOf(prefix, from)) {
            int depth = 0;
            int end = start;
            for (; end < text.length(); end++) {
                char c = text.charAt(end);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    break;
                }
            }
            out.append(text, from, start).append(replacement);
            from = Math.min(end + 1, text.length());
        }
        return out.append(text.substring(from)).toString();
    }

    private static boolean isVowel(String word) {
        return !word.isEmpty() && "AEIOU".indexOf(Character.toUpperCase(word.charAt(0))) >= 0;
    }

    /** A refusal of the document or its variables, before anything resolved (such errors have no path). */
    static boolean isRequestError(GraphQLError error) {
        if (exceptionOf(error) != null || (error.getPath() != null && !error.getPath().isEmpty())) {
            return false;
        }
        ErrorCode code = classify(error);
        return code != ErrorCode.INTERNAL;
    }

    private static ErrorCode classify(GraphQLError error) {
        if (error instanceof CoercingParseValueException || error instanceof NonNullableValueCoercedAsNullException) {
            return ErrorCode.BAD_USER_INPUT;
        }
        ErrorClassification type = error.getErrorType();
        if (error instanceof GoodFaithIntrospection.BadFaithIntrospectionError) {
            // graphql-java's own introspection limits (QueryLimits refuses such shapes first): a limit, not a fault.
            return ErrorCode.GRAPHQL_VALIDATION_FAILED;
        }
        if (type == ErrorType.InvalidSyntax) {
            return ErrorCode.GRAPHQL_PARSE_FAILED;
        }
        if (type == ErrorType.ValidationError || type == ErrorType.OperationNotSupported
            || type == ErrorType.ExecutionAborted) {
            // Variable coercion failures are classified as validation errors too; they are the client's input.
            String name = error.getClass().getSimpleName();
            return name.contains("Coerc") || name.contains("Variable") ? ErrorCode.BAD_USER_INPUT
                    : ErrorCode.GRAPHQL_VALIDATION_FAILED;
        }
        return ErrorCode.INTERNAL;
    }

    /**
     * SmallRye's {@code _entities} fetcher throws a bare {@code RuntimeException} for a representation whose
     * {@code __typename} or key fields match no entity resolver: the caller's input, not a server failure.
     */
    private static boolean isUnresolvableRepresentation(Throwable exception) {
        StackTraceElement[] trace = exception.getStackTrace();
        return exception.getClass() == RuntimeException.class && trace.length > 0
               && trace[0].getClassName().equals("io.smallrye.graphql.bootstrap.FederationDataFetcher");
    }

    private static Throwable exceptionOf(GraphQLError error) {
        if (error instanceof GraphQLExceptionWhileDataFetching fetching) {
            return fetching.getException();
        }
        if (error instanceof ExceptionWhileDataFetching fetching) {
            return fetching.getException();
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable exception, Class<T> type) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
