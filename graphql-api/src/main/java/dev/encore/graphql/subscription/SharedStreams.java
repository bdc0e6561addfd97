package dev.encore.graphql.subscription;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.encore.graphql.engine.GraphqlEngine;
import dev.encore.graphql.engine.GraphqlRequest;
import dev.encore.graphql.error.ErrorCode;
import graphql.ExecutionResult;
import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import io.smallrye.graphql.execution.context.SmallRyeContext;
import io.smallrye.graphql.execution.context.SmallRyeContextManager;
import io.smallrye.mutiny.Multi;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.metrics.Timer;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Subscriptions that every client on this replica runs with the same document, operation name and variables, executed
 * once and serialized once per event for all of them (issue 13 item 4). A listening party is thousands of sockets on
 * one {@code nowPlaying(eventId)}: one hub registration, one graphql-java execution per song change (one DataLoader
 * registry, one batched song lookup), one JSON text; each subscriber's frame only wraps that text with its own id.
 *
 * <p>Only a stream its resolver declares {@linkplain #acrossCallers shareable} is shared: one whose events are the
 * same for every caller (nothing reachable from its type depends on who asks) and where each event supersedes the
 * previous one (a state, not a change), because a subscriber who joins a running stream is sent its latest event at
 * once, and a slow one only the newest. Others run once per subscriber, as before.
 */
public final class SharedStreams {

    private static final System.Logger LOG = System.getLogger(SharedStreams.class.getName());

    /** The execution-context key of the {@link Shareable} flag a resolver sets. */
    static final String CONTEXT_KEY = Shareable.class.getName();

    private final Map<Key, CompletableFuture<Stream>> streams = new ConcurrentHashMap<>();
    private final Timer fanout;

    /** @param fanout how long each event took from its result to the last member's frame written */
    SharedStreams(Timer fanout) {
        this.fanout = fanout;
    }

    /** One subscriber of a shared stream (an operation on a socket). */
    interface Member {
        /** An event; the member calls {@link Event#done} once it wrote it, or dropped it for a newer one. */
        void result(Event event);

        /** The stream failed: these errors end this member's operation. */
        void failed(JsonArray errors);

        /** The stream is over. */
        void completed();
    }

    /** The handle a member keeps to leave its stream. */
    interface Membership {
        void leave();
    }

    /**
     * Declares, in a {@code @Subscription} method (call it synchronously there), that the stream's events are the same
     * for every caller and each supersedes the one before: the transport may then run it once for all subscribers of
     * the same document and variables.
     */
    public static <T> Multi<T> acrossCallers(Multi<T> events) {
        SmallRyeContext context = SmallRyeContextManager.getCurrentSmallRyeContext();
        DataFetchingEnvironment environment = context == null ? null : context.getDataFetchingEnvironment();
        GraphQLContext graphQLContext = environment == null ? null : environment.getGraphQlContext();
        Shareable flag = graphQLContext == null ? null : graphQLContext.get(CONTEXT_KEY);
        if (flag != null) {
            flag.shareable = true;
        }
        return events;
    }

    /**
     * One execution's entries in its context: the flag {@link #acrossCallers} sets when the resolver runs (read once
     * execution answered), and the events in flight whose batched fields are dispatched, which belong to the shared
     * stream when it is shared and to the one subscriber otherwise.
     */
    static final class Shareable {
        private final BatchedFields.EventsInFlight inFlight = new BatchedFields.EventsInFlight();
        private volatile boolean shareable;

        BatchedFields.EventsInFlight inFlight() {
            return inFlight;
        }

        /** The entries to add to the execution context. */
        Map<String, Object> context() {
            return Map.of(CONTEXT_KEY, this, BatchedFields.CONTEXT_KEY, inFlight);
        }
    }

    /**
     * One event of a shared stream: its payload as JSON text ({@code data}, maybe {@code errors}), serialized once,
     * and how many members have yet to write it; the last one records the fan-out time.
     */
    static final class Event {
        private final String payloadJson;
        private final long started = System.nanoTime();
        private final AtomicInteger unsent;
        private final Timer timer;
        private volatile Frame built;

        Event(String payloadJson, int members, Timer timer) {
            this.payloadJson = payloadJson;
            this.unsent = new AtomicInteger(members);
            this.timer = timer;
        }

        String payloadJson() {
            return payloadJson;
        }

        /**
         * This event's whole frame for operation {@code id} on {@code protocol}. Subscribers of one stream nearly all
         * use the same protocol and id (clients number their operations from 1), so the frame is built once and the
         * others reuse it; a different one is built for its own member.
         */
        String frame(WsProtocol protocol, String id) {
            Frame last = built;
            if (last != null && last.protocol() == protocol && last.id().equals(id)) {
                return last.text();
            }
            String text = protocol.next(id, payloadJson);
            built = new Frame(protocol, id, text);
            return text;
        }

        private record Frame(WsProtocol protocol, String id, String text) {
        }

        /** A member wrote this event, or dropped it for a newer one, or left. */
        void done() {
            if (unsent.decrementAndGet() == 0 && timer != null) {
                timer.update(Duration.ofNanos(System.nanoTime() - started));
            }
        }
    }

    private record Key(String query, String operationName, String variables) {
        static Key of(GraphqlRequest request) {
            return new Key(request.query(), request.operationName(),
                    request.variables() == null ? "" : request.variables().toString());
        }
    }

    /**
     * Joins the running shared stream of {@code request}, or executes it. {@code execute} runs the request with the
     * given {@link Shareable} in its context; when the result is a shareable stream, {@code member} becomes its first
     * subscriber and later subscribers join it. Otherwise (not shareable, not a stream, or an error answer) the result
     * goes to {@code alone}, and each waiting subscriber executes the request for itself.
     *
     * @return the membership, completed once the member is subscribed to a shared stream; completed with null when
     *         the result went to {@code alone}
     */
    CompletionStage<Membership> subscribe(GraphqlRequest request, Member member,
                                          Function<Shareable, CompletionStage<ExecutionResult>> execute,
                                          Consumer<CompletionStage<ExecutionResult>> alone) {
        Key key = Key.of(request);
        CompletableFuture<Stream> mine = new CompletableFuture<>();
        CompletableFuture<Stream> running = streams.putIfAbsent(key, mine);
        if (running != null) {
            return running.handle((stream, failure) -> stream).thenCompose(stream -> {
                if (stream != null && stream.join(member)) {
                    return CompletableFuture.completedFuture(() -> stream.leave(member));
                }
                // Not shareable, or it ended just now: run it for this subscriber (it may become the shared one).
                return subscribe(request, member, execute, alone);
            });
        }
        Shareable shareable = new Shareable();
        CompletionStage<ExecutionResult> executed = execute.apply(shareable);
        return executed.handle((result, failure) -> {
            if (failure == null && shareable.shareable && result.getData() instanceof Publisher<?> events) {
                Stream stream = new Stream(key, shareable.inFlight());
                stream.join(member);
                mine.complete(stream);
                @SuppressWarnings("unchecked")
                Publisher<ExecutionResult> typed = (Publisher<ExecutionResult>) events;
                typed.subscribe(stream);
                return (Membership) () -> stream.leave(member);
            }
            streams.remove(key, mine);
            mine.complete(null);
            alone.accept(executed);
            return null;
        });
    }

    /**
     * The errors of an event that is only errors (no data, or every root field null): the stream failed before it
     * produced anything (an unknown id, no right to read), which the transport answers as a protocol {@code error} so
     * the client learns at once instead of holding a stream that will never speak. Null for a real event.
     */
    static JsonArray failedAtOnce(JsonObject body) {
        boolean empty = !(body.get("data") instanceof JsonObject data)
                        || data.values().stream().allMatch(value -> value == JsonValue.NULL);
        return empty && body.get("errors") instanceof JsonArray errors ? errors : null;
    }

    /** Distinct streams running now (a metric). */
    int streamCount() {
        return streams.size();
    }

    /** One execution of a shared subscription and its members. */
    private final class Stream implements Subscriber<ExecutionResult> {

        private final Key key;
        private final Set<Member> members = ConcurrentHashMap.newKeySet();
        private final BatchedFields.EventsInFlight inFlight;
        private volatile Subscription upstream;
        private Event latest;
        private boolean closed;

        Stream(Key key, BatchedFields.EventsInFlight inFlight) {
            this.key = key;
            this.inFlight = inFlight;
        }

        /** Adds a member and sends it the latest event; false when the stream is already over. */
        synchronized boolean join(Member member) {
            if (closed) {
                return false;
            }
            members.add(member);
            if (latest != null) {
                // Replayed to a newcomer: not part of that event's fan-out time.
                member.result(new Event(latest.payloadJson(), 1, null));
            }
            return true;
        }

        void leave(Member member) {
            synchronized (this) {
                if (!members.remove(member) || !members.isEmpty() || closed) {
                    return;
                }
                closed = true;
            }
            end();
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            boolean cancelled;
            synchronized (this) {
                cancelled = closed;
            }
            if (cancelled) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(ExecutionResult result) {
            inFlight.finished();
            JsonObject body = GraphqlEngine.result(result).body();
            JsonArray failure = failedAtOnce(body);
            if (failure != null) {
                finish(member -> member.failed(failure));
                Subscription s = upstream;
                if (s != null) {
                    s.cancel();
                }
                return;
            }
            // Serialized once; members only enqueue it (latest wins), so this loop never waits on a socket.
            String payload = body.toString();
            synchronized (this) {
                if (closed) {
                    return;
                }
                Event event = new Event(payload, members.size(), fanout);
                latest = event;
                members.forEach(member -> member.result(event));
            }
            Subscription s = upstream;
            if (s != null) {
                s.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            LOG.log(Level.WARNING, "Shared subscription failed", t);
            JsonArray errors = GraphqlEngine.refusal(ErrorCode.INTERNAL, "The subscription failed; subscribe again.")
                    .body().getJsonArray("errors");
            finish(member -> member.failed(errors));
        }

        @Override
        public void onComplete() {
            finish(Member::completed);
        }

        private void finish(Consumer<Member> last) {
            List<Member> told;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                told = new ArrayList<>(members);
                members.clear();
            }
            end();
            told.forEach(last);
        }

        private void end() {
            inFlight.stop();
            streams.computeIfPresent(key, (k, future) -> future.getNow(null) == this ? null : future);
        }
    }
}
