package dev.encore.graphql.engine;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;

/**
 * Reads a request's JSON with a bound on nesting, counting depth on the parser's events so a too deep document is
 * refused at the first bracket past the limit, before anything recursive (graphql-java's and SmallRye's variable
 * coercion, our {@link VariableCheck}) sees it. Parsson has a depth limit of its own (1,000 by default), but it
 * answers a plain {@code RuntimeException} saying nothing about where, which the transports would turn into a 500.
 *
 * <p>Like {@code JsonReader.readValue}, it reads one value and ignores what follows it.
 */
public final class RequestJson {

    private static final JsonProvider JSON = JsonProvider.provider();

    private RequestJson() {
    }

    /**
     * @throws TooDeepException when arrays and objects nest deeper than {@code maxDepth}
     * @throws JsonException    when the text is not JSON
     */
    static JsonValue read(String text, int maxDepth) {
        Deque<Container> open = new ArrayDeque<>();
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                JsonValue complete = switch (event) {
                    case KEY_NAME -> {
                        open.peek().key = parser.getString();
                        yield null;
                    }
                    case START_OBJECT, START_ARRAY -> {
                        if (open.size() >= maxDepth) {
                            throw new TooDeepException(path(open), maxDepth);
                        }
                        open.push(new Container(event == JsonParser.Event.START_OBJECT));
                        yield null;
                    }
                    case END_OBJECT, END_ARRAY -> open.pop().build();
                    default -> parser.getValue();
                };
                if (complete != null) {
                    if (open.isEmpty()) {
                        return complete;
                    }
                    open.peek().add(complete);
                }
            }
        } catch (JsonException | TooDeepException e) {
            throw e;
        } catch (RuntimeException e) {
            // Parsson reports some of its own limits as plain RuntimeExceptions: still a client's unreadable JSON.
            throw new JsonException("Unreadable JSON: " + e.getMessage(), e);
        }
        throw new JsonException("No JSON value");
    }

    /** Where the next value would go: object keys and array indexes from the outermost value in. */
    private static List<Object> path(Deque<Container> open) {
        List<Object> path = new ArrayList<>();
        for (Iterator<Container> outermostFirst = open.descendingIterator(); outermostFirst.hasNext(); ) {
            Container container = outermostFirst.next();
            path.add(container.object == null ? (Object) container.size : container.key);
        }
        return path;
    }

    /** An object or array being read. */
    private static final class Container {
        final JsonObjectBuilder object;
        final JsonArrayBuilder array;
        String key;
        int size;

        Container(boolean isObject) {
            object = isObject ? JSON.createObjectBuilder() : null;
            array = isObject ? null : JSON.createArrayBuilder();
        }

        void add(JsonValue value) {
            if (object != null) {
                object.add(key, value);
            } else {
                array.add(value);
            }
            size++;
        }

        JsonValue build() {
            return object != null ? object.build() : array.build();
        }
    }

    /** JSON nested deeper than the limit. */
    public static final class TooDeepException extends RuntimeException {
        private final transient List<Object> path;
        private final int limit;

        TooDeepException(List<Object> path, int limit) {
            super("JSON nested deeper than " + limit + " levels", null, false, false);
            this.path = List.copyOf(path);
            this.limit = limit;
        }

        /** The same, for JSON that was the value of {@code key} (a GET parameter's name, for instance). */
        public TooDeepException within(String key) {
            List<Object> longer = new ArrayList<>(path.size() + 1);
            longer.add(key);
            longer.addAll(path);
            return new TooDeepException(longer, limit);
        }

        /** The keys (strings) and indexes (integers) from the outermost value to where the limit was passed. */
        public List<Object> path() {
            return path;
        }

        public int limit() {
            return limit;
        }
    }
}
