package dev.encore.graphql.subscription;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.encore.graphql.engine.GraphqlEngine;
import dev.encore.graphql.engine.GraphqlRequest;
import dev.encore.graphql.engine.RequestJson;
import dev.encore.graphql.error.ErrorCode;
import dev.encore.graphql.security.Caller;
import dev.encore.graphql.security.CallerAuthenticator;
import dev.encore.graphql.security.Callers;
import dev.encore.support.security.InvalidTokenException;
import dev.encore.support.security.KeysUnavailableException;
import graphql.ExecutionResult;
import io.helidon.common.buffers.BufferData;
import graphql.language.OperationDefinition;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One GraphQL WebSocket connection, speaking {@code graphql-transport-ws} (the graphql-ws library's protocol) or the
 * legacy {@code graphql-ws} (subscriptions-transport-ws), whichever the client offers first in that order. This class
 * is the connection (session, authentication, operations, outbox, timers); what differs between the two protocols
 * (message names, payload shapes, keep-alive) is a {@link WsProtocol}.
 *
 * <p>The connection authenticates once, from the {@code connection_init} payload's {@code Authorization}; an invalid
 * token closes with 4403, no {@code connection_init} within the timeout with 4408, a frame that is not a protocol
 * message (a binary frame too, and JSON nested deeper than {@code graphql.limits.max-json-depth}) with 4400 (as the
 * protocol says; nothing is logged for it). Operations run through
 * the same {@link GraphqlEngine} as HTTP, so they get the same limits and error codes.
 *
 * <p>Sends are serialized through one outbox per connection, drained by a virtual thread started only while there is
 * something to send (a socket that only waits holds no thread of ours). A private subscription asks for its next event
 * only once the previous one is on the wire; a {@linkplain SharedStreams shared} one keeps one waiting frame per
 * subscriber, the newest: a slow client only fills its own bounded buffers, never the Kafka listener's thread or other
 * clients' sockets.
 *
 * <p>Past this replica's {@link Admission} limits a new socket is closed at once with 1013 (Try Again Later) and a
 * reason, and a new subscription gets an {@code error} with {@code extensions.code UNAVAILABLE}.
 *
 * <p><b>Why ours and not SmallRye GraphQL's handlers.</b> SmallRye 2.17 ships both protocols
 * ({@code io.smallrye.graphql.websocket.graphqltransportws.GraphQLTransportWSSubprotocolHandler},
 * {@code ...graphqlws.GraphQLWSSubprotocolHandler}; checked in the 2.17.0 jar). Hosting them would lose what the tests
 * here pin down:
 * <ul>
 *   <li>Authentication: they acknowledge every {@code connection_init} at once and only copy its payload into the
 *       context (smallrye-graphql#1602, PR #1818); there is no hook to refuse it, so no 4403 and no 1011 when the keys
 *       cannot be fetched (Quarkus wraps the handler to get one).</li>
 *   <li>Keep-alive: they send a {@code ping}/{@code ka} every 10 seconds, hard-coded and from construction, before any
 *       {@code connection_init} (smallrye-graphql#1335, PR #1336); ours sends none on graphql-transport-ws and a
 *       {@code ka} every {@code subscriptions.keep-alive} on graphql-ws.</li>
 *   <li>No {@code connection_init} timeout (4408): a socket that never initialises stays open. No upstream issue
 *       found.</li>
 *   <li>A subscribe goes straight to {@code ExecutionService.executeAsync}: none of {@link GraphqlEngine#prepare}'s
 *       checks (document size, operation selection, {@code QueryLimits}, {@code VariableCheck}) and no
 *       {@code subscriptions.max-per-connection}. No upstream issue found.</li>
 *   <li>One execution context for the whole connection and no per-event hook, so the per-operation
 *       {@link BatchedFields.EventsInFlight} cannot be attached: batched fields in events would hang. No upstream
 *       issue found (the root cause is graphql-java's, see {@link BatchedFields}).</li>
 *   <li>An unknown or missing message {@code type} throws out of their {@code onMessage(JsonObject)} instead of
 *       closing with 4400. No upstream issue found.</li>
 *   <li>Events are written on the emitting thread (here the Kafka listener's, through the hub), so a slow socket
 *       would hold up the listener; an adapter that queued would lose the one-event-at-a-time backpressure. No
 *       upstream issue found.</li>
 * </ul>
 * An adapter would have to rebuild each of these around their handler, which is more code than this.
 */
final class GraphqlWsConnection implements WsListener {

    private static final System.Logger LOG = System.getLogger(GraphqlWsConnection.class.getName());
    private static final HeaderName PROTOCOL = HeaderNames.create("Sec-WebSocket-Protocol");
    private static final ThreadFactory SENDERS = Thread.ofVirtual().name("graphql-ws-sender").factory();

    private final GraphqlEngine engine;
    private final CallerAuthenticator authenticator;
    private final ScheduledExecutorService timers;
    private final SubscriptionsConfig config;
    private final Admission admission;
    private final SharedStreams shared;
    private final Set<GraphqlWsConnection> open;
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean admitted = new AtomicBoolean();
    private final StringBuilder fragments = new StringBuilder();
    private volatile WsProtocol protocol = WsProtocol.TRANSPORT_WS;
    private volatile WsSession session;
    private volatile Thread reader;
    private volatile boolean closed;
    private volatile boolean over;
    private volatile Map<String, Object> context;
    private ScheduledFuture<?> initTimer;
    private ScheduledFuture<?> keepAliveTimer;

    GraphqlWsConnection(GraphqlEngine engine, CallerAuthenticator authenticator, ScheduledExecutorService timers,
                        SubscriptionsConfig config, Admission admission, SharedStreams shared,
                        Set<GraphqlWsConnection> open) {
        this.engine = engine;
        this.authenticator = authenticator;
        this.timers = timers;
        this.config = config;
        this.admission = admission;
        this.shared = shared;
        this.open = open;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        List<String> offered = headers.values(PROTOCOL).stream()
                .flatMap(value -> Arrays.stream(value.split(","))).map(String::trim).toList();
        if (offered.isEmpty()) {
            return Optional.empty(); // no sub-protocol asked for: speak graphql-transport-ws without confirming one
        }
        protocol = WsProtocol.choose(offered).orElseThrow(() -> new WsUpgradeException("Only the "
                + WsProtocol.TRANSPORT_WS.protocolName() + " and " + WsProtocol.LEGACY_WS.protocolName()
                + " sub-protocols are spoken"));
        WritableHeaders<?> answer = WritableHeaders.create();
        answer.set(PROTOCOL, protocol.protocolName());
        return Optional.of(answer);
    }

    @Override
    public void onOpen(WsSession session) {
        this.session = session;
        this.reader = Thread.currentThread();
        if (!admission.admitConnection()) {
            // Refused at once, before any timer or state: the sockets already served keep their frames.
            close(WsProtocol.TRY_AGAIN_LATER, "Try again later: this server holds its limit of "
                    + admission.maxConnections() + " connections; retry after " + config.retryAfter.toMillis() + " ms");
            return;
        }
        admitted.set(true);
        open.add(this);
        initTimer = timers.schedule(() -> {
            if (context == null) {
                close(WsProtocol.INIT_TIMEOUT, "Connection initialisation timeout");
            }
        }, config.connectionInitTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        fragments.append(text);
        if (!last) {
            if (fragments.length() > 1_000_000) {
                close(WsProtocol.BAD_MESSAGE, "Message too long");
            }
            return;
        }
        String message = fragments.toString();
        fragments.setLength(0);
        JsonObject json;
        try {
            json = parse(message);
        } catch (RequestJson.TooDeepException e) {
            close(WsProtocol.BAD_MESSAGE, "Invalid message: JSON nested deeper than " + e.limit() + " levels");
            return;
        }
        if (json == null) {
            close(WsProtocol.BAD_MESSAGE, "Invalid message: not a JSON object with a type");
            return;
        }
        handle(json);
    }

    /**
     * Both protocols are JSON text only. Helidon's default drops binary frames without a word, which leaves a client
     * waiting for an answer that never comes; graphql-transport-ws says an invalid message closes with 4400.
     */
    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        close(WsProtocol.BAD_MESSAGE, "Invalid message: binary frames are not part of the protocol; send JSON text");
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        shutdown();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOG.log(Level.DEBUG, "WebSocket error: " + t);
        shutdown();
    }

    // ---- protocol ----

    private void handle(JsonObject message) {
        if (closed) {
            return; // refused, or closing: nothing more is answered
        }
        String type = message.getString("type");
        switch (protocol.message(type)) {
            case INIT -> init(message);
            case PING -> send(protocol.pong(), null);
            case IGNORED -> { }
            case SUBSCRIBE -> subscribe(message);
            case COMPLETE -> {
                String id = idOf(message);
                if (id != null) {
                    Operation operation = end(id);
                    if (operation != null) {
                        operation.cancel();
                    }
                }
            }
            case TERMINATE -> close(WsProtocol.NORMAL, "");
            case UNKNOWN -> close(WsProtocol.BAD_MESSAGE, "Unknown message type " + type);
        }
    }

    private void init(JsonObject message) {
        if (context != null) {
            close(WsProtocol.TOO_MANY_INITS, "Too many initialisation requests");
            return;
        }
        JsonValue payload = message.get("payload");
        String authorization = null;
        if (payload instanceof JsonObject object) {
            authorization = string(object, "Authorization");
            if (authorization == null) {
                authorization = string(object, "authorization");
            }
            if (authorization == null && object.get("headers") instanceof JsonObject headers) {
                authorization = string(headers, "Authorization");
            }
        }
        Caller caller;
        try {
            caller = authenticator.authenticate(authorization);
        } catch (InvalidTokenException e) {
            close(WsProtocol.FORBIDDEN, "Forbidden");
            return;
        } catch (KeysUnavailableException e) {
            close(WsProtocol.UNAVAILABLE, "Cannot verify tokens right now; try again");
            return;
        }
        context = Callers.context(caller);
        if (initTimer != null) {
            initTimer.cancel(false);
        }
        send(protocol.connectionAck(), null);
        protocol.keepAlive().ifPresent(ka -> {
            send(ka, null);
            long period = config.keepAlive.toMillis();
            keepAliveTimer = timers.scheduleAtFixedRate(() -> send(ka, null), period, period, TimeUnit.MILLISECONDS);
        });
    }

    private void subscribe(JsonObject message) {
        String id = idOf(message);
        if (id == null || !(message.get("payload") instanceof JsonObject payload)) {
            close(WsProtocol.BAD_MESSAGE, "Invalid message: a subscribe needs an id and a payload");
            return;
        }
        if (context == null) {
            close(WsProtocol.UNAUTHORIZED, "Unauthorized");
            return;
        }
        GraphqlRequest request;
        try {
            request = GraphqlRequest.from(payload);
        } catch (GraphqlRequest.MalformedRequestException e) {
            close(WsProtocol.BAD_MESSAGE, "Invalid message: " + e.getMessage());
            return;
        }
        Operation operation = new Operation(id);
        if (operations.putIfAbsent(id, operation) != null) {
            close(WsProtocol.DUPLICATE_ID, "Subscriber for " + id + " already exists");
            return;
        }
        int maxOperations = config.maxPerConnection;
        if (operations.size() > maxOperations) {
            operations.remove(id);
            error(id, GraphqlEngine.refusal(ErrorCode.BAD_REQUEST, "This connection already has " + maxOperations
                    + " operations running; complete one first.").body().getJsonArray("errors"));
            return;
        }
        GraphqlEngine.Prepared prepared = engine.prepare(request);
        if (prepared.refusal() != null) {
            operations.remove(id);
            error(id, prepared.refusal().body().getJsonArray("errors"));
            return;
        }
        boolean subscription = prepared.operation() == OperationDefinition.Operation.SUBSCRIPTION;
        if (subscription) {
            if (!admission.admitSubscription()) {
                operations.remove(id);
                error(id, GraphqlEngine.refusal(ErrorCode.UNAVAILABLE, "This server runs its limit of "
                        + admission.maxSubscriptions() + " subscriptions; try again in "
                        + config.retryAfter.toMillis() + " ms.").body().getJsonArray("errors"));
                return;
            }
            operation.counted = true;
        }
        shared.subscribe(request, operation, shareable -> {
            Map<String, Object> operationContext = new java.util.HashMap<>(context);
            operationContext.putAll(shareable.context());
            operation.inFlight = shareable.inFlight();
            return engine.executeRaw(request, operationContext);
        }, executed -> executed.whenComplete((result, failure) -> {
            if (failure != null) {
                end(id);
                LOG.log(Level.WARNING, "GraphQL operation over WebSocket failed", failure);
                error(id, GraphqlEngine.refusal(ErrorCode.INTERNAL, "The server failed to run this operation.")
                        .body().getJsonArray("errors"));
            } else if (result.getData() instanceof Publisher<?> stream && subscription) {
                @SuppressWarnings("unchecked")
                Publisher<ExecutionResult> events = (Publisher<ExecutionResult>) stream;
                events.subscribe(operation);
            } else {
                GraphqlEngine.Result answer = GraphqlEngine.result(result);
                end(id);
                if (!answer.dataPresent() || answer.body().get("data") == JsonValue.NULL) {
                    error(id, answer.body().getJsonArray("errors"));
                } else {
                    next(id, answer.body(), null);
                    complete(id);
                }
            }
        })).thenAccept(membership -> {
            if (membership != null) {
                operation.joined(membership);
            }
        });
    }

    /** Removes a running operation, giving its subscription's place back; the operation, or null if none ran. */
    private Operation end(String id) {
        Operation operation = operations.remove(id);
        if (operation != null && operation.counted) {
            operation.counted = false;
            admission.releaseSubscription();
        }
        return operation;
    }

    /**
     * One running operation. A private subscription forwards each event and asks for the next once this one is sent;
     * a shared one is a member of its {@link SharedStreams} stream and keeps only the newest frame waiting.
     */
    private final class Operation implements Subscriber<ExecutionResult>, SharedStreams.Member {

        private final String id;
        private final AtomicReference<Subscription> subscription = new AtomicReference<>();
        private final AtomicReference<SharedStreams.Event> waiting = new AtomicReference<>();
        private final AtomicBoolean queued = new AtomicBoolean();
        private volatile BatchedFields.EventsInFlight inFlight;
        private volatile SharedStreams.Membership membership;
        private volatile boolean cancelled;
        /** Holds one of the replica's subscription places (see {@link #end}). */
        private volatile boolean counted;

        Operation(String id) {
            this.id = id;
        }

        // ---- private: graphql-java's stream of this operation alone ----

        @Override
        public void onSubscribe(Subscription s) {
            subscription.set(s);
            if (cancelled) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(ExecutionResult result) {
            inFlight.finished();
            if (cancelled) {
                return;
            }
            JsonObject body = GraphqlEngine.result(result).body();
            JsonArray failure = SharedStreams.failedAtOnce(body);
            if (failure != null) {
                cancel();
                end(id);
                error(id, failure);
                return;
            }
            next(id, body, () -> {
                Subscription s = subscription.get();
                if (s != null && !cancelled) {
                    s.request(1);
                }
            });
        }

        @Override
        public void onError(Throwable t) {
            inFlight.stop();
            if (!cancelled && end(id) != null) {
                LOG.log(Level.WARNING, "Subscription " + id + " failed", t);
                error(id, GraphqlEngine.refusal(ErrorCode.INTERNAL, "The subscription failed; subscribe again.")
                        .body().getJsonArray("errors"));
            }
        }

        @Override
        public void onComplete() {
            inFlight.stop();
            if (!cancelled && end(id) != null) {
                complete(id);
            }
        }

        // ---- shared: a member of a stream run once for every subscriber of the same document ----

        void joined(SharedStreams.Membership membership) {
            this.membership = membership;
            if (cancelled) {
                membership.leave();
            }
        }

        @Override
        public void result(SharedStreams.Event event) {
            if (cancelled || closed) {
                event.done();
                return;
            }
            SharedStreams.Event dropped = waiting.getAndSet(event);
            if (dropped != null) {
                dropped.done(); // latest wins: this client was still writing an older one
            }
            if (queued.compareAndSet(false, true)) {
                enqueue(new Outgoing(null, null, 0, null, this));
            }
        }

        /** The newest waiting event, taken by the sender; null when it was already sent. */
        SharedStreams.Event takeWaiting() {
            queued.set(false);
            SharedStreams.Event event = waiting.getAndSet(null);
            if (event != null && cancelled) {
                event.done();
                return null;
            }
            return event;
        }

        @Override
        public void failed(JsonArray errors) {
            if (!cancelled && end(id) != null) {
                error(id, errors);
            }
        }

        @Override
        public void completed() {
            if (!cancelled && end(id) != null) {
                complete(id);
            }
        }

        void cancel() {
            cancelled = true;
            SharedStreams.Event unsent = waiting.getAndSet(null);
            if (unsent != null) {
                unsent.done();
            }
            SharedStreams.Membership shared = membership;
            if (shared != null) {
                shared.leave();
                return;
            }
            Subscription s = subscription.get();
            if (s != null) {
                // Only once its own stream runs: before that, the events in flight may become a shared stream's.
                inFlight.stop();
                s.cancel();
            }
        }
    }

    // ---- sending ----

    private void next(String id, JsonObject payload, Runnable sent) {
        send(protocol.next(id, payload), sent);
    }

    private void error(String id, JsonArray errors) {
        send(protocol.error(id, errors), null);
    }

    private void complete(String id) {
        send(protocol.complete(id), null);
    }

    /** A frame to send, a shared operation's newest waiting frame ({@code latestOf}), or a close. */
    private record Outgoing(String text, Runnable sent, int closeCode, String closeReason, Operation latestOf) {
    }

    private void send(JsonObject message, Runnable sent) {
        if (!closed) {
            enqueue(new Outgoing(message.toString(), sent, 0, null, null));
        }
    }

    /** Closes after what is already queued has been sent (an error message before its close, for instance). */
    private void close(int code, String reason) {
        if (!closed) {
            closed = true;
            enqueue(new Outgoing(null, null, code, reason, null));
        }
    }

    private void enqueue(Outgoing outgoing) {
        outbox.add(outgoing);
        if (sending.compareAndSet(false, true)) {
            SENDERS.newThread(this::drain).start();
        }
    }

    /**
     * Sends what the outbox holds, one frame at a time, then ends: the next enqueue starts another sender. At most one
     * runs per connection (the {@code sending} flag), so frames keep their order.
     */
    private void drain() {
        try {
            while (true) {
                Outgoing next;
                while (!over && (next = outbox.poll()) != null) {
                    WsSession ws = session;
                    if (next.latestOf() != null) {
                        SharedStreams.Event event = next.latestOf().takeWaiting();
                        if (event != null) {
                            ws.send(event.frame(protocol, next.latestOf().id), true);
                            event.done();
                        }
                    } else if (next.text() == null) {
                        over = true;
                        ws.close(next.closeCode(), next.closeReason());
                        shutdown();
                    } else {
                        ws.send(next.text(), true);
                        if (next.sent() != null) {
                            next.sent().run();
                        }
                    }
                }
                sending.set(false);
                // Something may have been queued after the last poll and before the flag was cleared: keep it then.
                if (over || outbox.isEmpty() || !sending.compareAndSet(false, true)) {
                    if (over) {
                        outbox.clear();
                    }
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "WebSocket send failed: " + e);
            over = true;
            outbox.clear();
            sending.set(false);
            shutdown();
        }
    }

    /** The socket is over (closed by either side, or failed): operations end and their places are given back. */
    private void shutdown() {
        closed = true;
        for (String id : List.copyOf(operations.keySet())) {
            Operation operation = end(id);
            if (operation != null) {
                operation.cancel();
            }
        }
        if (initTimer != null) {
            initTimer.cancel(false);
        }
        if (keepAliveTimer != null) {
            keepAliveTimer.cancel(false);
        }
        if (admitted.compareAndSet(true, false)) {
            open.remove(this);
            admission.releaseConnection();
        }
    }

    /**
     * Whether the client is gone without a word. Helidon 4.1.2's {@code WsConnection.handle} reads each frame outside
     * the {@code try} that calls {@code onError}, so when a client vanishes (a killed process, a dropped network, an
     * aborted socket: the read fails or ends) the reader thread ends and no listener method is called: the
     * connection's operations, hub registrations and admission places would be held forever (closest upstream report:
     * helidon-io/helidon#11825). Helidon reads a socket on the thread that called {@link #onOpen}, so that thread's
     * end is the sign; {@code GraphqlWsEndpoint} sweeps for it.
     */
    boolean clientVanished() {
        Thread thread = reader;
        return thread != null && !thread.isAlive() && !over;
    }

    /** Ends a connection whose client vanished (see {@link #clientVanished}). */
    void forget() {
        over = true;
        shutdown();
    }

    // ---- parsing ----

    /** The message, or {@code null} when it is not a JSON object with a type; too deep JSON is an exception. */
    private JsonObject parse(String text) {
        try {
            JsonValue value = engine.readJson(text);
            if (value instanceof JsonObject object && object.get("type") instanceof jakarta.json.JsonString) {
                return object;
            }
        } catch (jakarta.json.JsonException e) {
            // not JSON: answered with 4400 by the caller
        }
        return null;
    }

    private static String idOf(JsonObject message) {
        return message.get("id") instanceof jakarta.json.JsonString id && !id.getString().isEmpty()
                ? id.getString() : null;
    }

    private static String string(JsonObject object, String name) {
        return object.get(name) instanceof jakarta.json.JsonString value ? value.getString() : null;
    }
}
