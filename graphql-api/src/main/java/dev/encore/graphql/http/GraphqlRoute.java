package dev.encore.graphql.http;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import dev.encore.graphql.engine.GraphqlEngine;
import dev.encore.graphql.engine.GraphqlEngine.Prepared;
import dev.encore.graphql.engine.GraphqlEngine.Result;
import dev.encore.graphql.engine.GraphqlRequest;
import dev.encore.graphql.engine.GraphqlRequest.MalformedRequestException;
import dev.encore.graphql.engine.PersistedQueries;
import dev.encore.graphql.engine.RequestJson;
import dev.encore.graphql.error.ErrorCode;
import dev.encore.graphql.security.Caller;
import dev.encore.graphql.security.Callers;
import dev.encore.support.http.BodySizeLimit;
import dev.encore.support.http.RequestBodyDeadline;
import dev.encore.support.problem.ProblemException;
import dev.encore.support.problem.RawProblem;
import dev.encore.support.security.BearerAuthentication;
import graphql.language.OperationDefinition.Operation;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * GraphQL over HTTP ({@code POST} and {@code GET /graphql}) as the GraphQL-over-HTTP spec describes it:
 * <ul>
 *   <li>answers {@code application/graphql-response+json} when the client accepts it, else {@code application/json};
 *       406 when it accepts neither ({@link AnswerType});</li>
 *   <li>{@code POST} takes {@code application/json} (415 otherwise); {@code GET} takes {@code query},
 *       {@code variables} (JSON), {@code operationName} and {@code extensions} (JSON) from the query string and runs
 *       queries only: a mutation over {@code GET} is a 405 with {@code Allow: POST};</li>
 *   <li>a request that is not GraphQL (bad JSON, no query) is a 400, and so is JSON nested deeper than
 *       {@code graphql.limits.max-json-depth} (in a variable's value: {@code BAD_USER_INPUT}); a document that fails
 *       to parse or validate, or breaks a query limit, is a 400 under {@code application/graphql-response+json} and
 *       a 200 under {@code application/json} (the legacy behaviour the spec keeps for it); once execution started it
 *       is 200 with {@code data} and {@code errors};</li>
 *   <li>automatic persisted queries ({@link PersistedQueries}): a request may carry only the hash of its query;
 *       {@code GET} answers carry caching headers for browsers and CDNs ({@link CachePolicy}).</li>
 * </ul>
 * The caller comes from the bearer token by the rule every JAX-RS endpoint follows ({@link BearerAuthentication}: a
 * present but invalid token is a 401, never anonymous) and travels to resolvers in the execution context. A body
 * is read at its declared length under {@code encore.max-body-size} ({@link BodySizeLimit}) and the body deadline
 * ({@link RequestBodyDeadline}), as JAX-RS bodies are.
 *
 * <p>A Helidon route, not a JAX-RS resource: on the cached {@code song(id)} Jersey's share of a request (its
 * per-request injection, filters, and two 8 KB buffers between the answer's bytes and the socket) was as large as
 * the GraphQL execution's. Only these two paths are routed here, ahead of JAX-RS; a {@code GET /graphql} with
 * {@code Upgrade: websocket} is taken by the WebSocket endpoint before any route ({@code GraphqlWsEndpoint}).
 */
@ApplicationScoped
public class GraphqlRoute {

    static final String PATH = "/graphql";
    static final String SCHEMA_PATH = "/graphql/schema.graphql";
    static final String ALLOWED = "GET, HEAD, POST, OPTIONS";
    private static final String SCHEMA_ALLOWED = "GET, HEAD, OPTIONS";
    private static final System.Logger LOG = System.getLogger(GraphqlRoute.class.getName());
    private static final byte[] NO_BYTES = new byte[0];

    @Inject
    GraphqlEngine engine;

    @Inject
    PersistedQueries persistedQueries;

    @Inject
    CachePolicy cachePolicy;

    @Inject
    BearerAuthentication authentication;

    @Inject
    BodySizeLimit bodySizeLimit;

    @Inject
    RequestBodyDeadline bodyDeadline;

    @Inject
    MetricRegistry metrics;

    /** How long answers take, from the route's start to the answer handed to Helidon, per method. */
    private Timer postTimer;
    private Timer getTimer;

    private byte[] sdl;

    /** Mounts the routes before the server starts, so they come before JAX-RS (mounted at a later priority). */
    void mount(@Observes @Initialized(ApplicationScoped.class) Object startup, BeanManager beans) {
        sdl = engine.sdl().getBytes(StandardCharsets.UTF_8);
        postTimer = metrics.timer("encore.graphql.requests", new Tag("method", "POST"));
        getTimer = metrics.timer("encore.graphql.requests", new Tag("method", "GET"));
        HttpRouting.Builder routing = beans.getExtension(ServerCdiExtension.class).serverRoutingBuilder();
        for (String path : new String[] {PATH, PATH + "/"}) {
            routing.post(path, (request, response) -> timed(postTimer, request, response, this::post))
                    .get(path, (request, response) -> timed(getTimer, request, response, this::get))
                    .head(path, (request, response) -> answer(request, response, this::get))
                    .options(path, (request, response) -> allow(response, ALLOWED))
                    .any(path, (request, response) -> notAllowed(request, response, ALLOWED));
        }
        routing.get(SCHEMA_PATH, (request, response) -> answer(request, response, this::schema))
                .head(SCHEMA_PATH, (request, response) -> answer(request, response, this::schema))
                .options(SCHEMA_PATH, (request, response) -> allow(response, SCHEMA_ALLOWED))
                .any(SCHEMA_PATH, (request, response) -> notAllowed(request, response, SCHEMA_ALLOWED));
    }

    /** One way of answering; the caller is authenticated already. */
    @FunctionalInterface
    private interface Answering {
        void answer(ServerRequest request, ServerResponse response, Caller caller) throws IOException;
    }

    private void timed(Timer timer, ServerRequest request, ServerResponse response, Answering answering) {
        long start = System.nanoTime();
        try {
            answer(request, response, answering);
        } finally {
            timer.update(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * Authenticates the caller, then answers; a client's mistake found while reading the body is its problem+json,
     * anything unexpected a 500 problem naming an incident in the log (never the exception itself).
     */
    private void answer(ServerRequest request, ServerResponse response, Answering answering) {
        try {
            long declared = request.headers().contentLength().orElse(-1);
            if (bodySizeLimit.exceededBy(declared)) {
                throw bodySizeLimit.tooLarge(); // before anything else, as for JAX-RS: nothing is read
            }
            BearerAuthentication.Outcome caller = authentication.authenticate(
                    request.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
            if (caller.refused()) {
                String[] header = caller.refusalHeader();
                response.header(HeaderNames.create(header[0]), header[1]);
                RawProblem.send(request, response, Status.create(caller.status()), caller.detail());
                return;
            }
            answering.answer(request, response, Caller.of(caller.token()));
        } catch (RuntimeException | IOException e) {
            failed(request, response, e);
        }
    }

    private void failed(ServerRequest request, ServerResponse response, Throwable failure) {
        ProblemException clientMistake = ProblemException.findIn(failure);
        if (response.isSent()) {
            LOG.log(System.Logger.Level.DEBUG, "Failed after the answer was sent", failure);
            return;
        }
        if (clientMistake != null) {
            if (clientMistake instanceof RequestBodyDeadline.TooSlowException) {
                // As JAX-RS answers it. Helidon 4.1.2 does not close the connection for the header (nor for a
                // CloseConnectionException, which its metrics filter swallows); it reads on, for the next request.
                response.header(HeaderValues.CONNECTION_CLOSE);
            }
            RawProblem.send(request, response, Status.create(clientMistake.problem().status()),
                    clientMistake.problem().detail());
            return;
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(System.Logger.Level.ERROR, "Unhandled exception, incident " + incident, failure);
        RawProblem.send(request, response, Status.INTERNAL_SERVER_ERROR_500,
                "The server failed to answer; incident " + incident + " is in its log.");
    }

    private void post(ServerRequest request, ServerResponse response, Caller caller) throws IOException {
        AnswerType type = negotiate(request, response);
        if (type == null) {
            return;
        }
        String contentType = request.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
        HttpMediaType mediaType;
        try {
            mediaType = contentType == null ? null : HttpMediaType.create(repaired(contentType));
        } catch (RuntimeException e) {
            RawProblem.send(request, response, Status.BAD_REQUEST_400, "The request could not be read.");
            return;
        }
        if (mediaType == null || !"application".equals(mediaType.type()) || !"json".equals(mediaType.subtype())) {
            send(request, response, type, Status.UNSUPPORTED_MEDIA_TYPE_415,
                    GraphqlEngine.refusal(ErrorCode.BAD_REQUEST, "Send the request as application/json."));
            return;
        }
        GraphqlRequest graphqlRequest;
        try {
            graphqlRequest = RequestParameters.fromBody(engine, body(request, mediaType));
        } catch (RequestJson.TooDeepException e) {
            send(request, response, type, Status.BAD_REQUEST_400, GraphqlEngine.tooDeep(e));
            return;
        } catch (MalformedRequestException e) {
            badRequest(request, response, type, e.getMessage());
            return;
        }
        run(request, response, graphqlRequest, type, caller, false);
    }

    private void get(ServerRequest request, ServerResponse response, Caller caller) {
        AnswerType type = negotiate(request, response);
        if (type == null) {
            return;
        }
        GraphqlRequest graphqlRequest;
        try {
            graphqlRequest = RequestParameters.fromQuery(engine, request.query());
        } catch (MalformedRequestException e) {
            badRequest(request, response, type, e.getMessage());
            return;
        } catch (RequestJson.TooDeepException e) {
            send(request, response, type, Status.BAD_REQUEST_400, GraphqlEngine.tooDeep(e));
            return;
        }
        run(request, response, graphqlRequest, type, caller, true);
    }

    /** The schema in SDL; hidden with introspection, since it tells the same. */
    private void schema(ServerRequest request, ServerResponse response, Caller caller) {
        if (!engine.introspectionEnabled()) {
            RawProblem.send(request, response, Status.NOT_FOUND_404, "Nothing is served at this path.");
            return;
        }
        response.header(HeaderNames.CONTENT_TYPE, "text/plain;charset=utf-8");
        write(request, response, sdl);
    }

    private void run(ServerRequest request, ServerResponse response, GraphqlRequest graphqlRequest, AnswerType type,
                     Caller caller, boolean overGet) {
        PersistedQueries.Resolution resolved = persistedQueries.resolve(graphqlRequest);
        if (resolved.refusal() != null) {
            if (resolved.notFound()) {
                // As Apollo Server answers it: 200, never cached (the hash becomes known the moment a client sends it).
                response.header(HeaderNames.CACHE_CONTROL, "private, no-cache, must-revalidate");
                send(request, response, type, Status.OK_200, resolved.refusal());
            } else {
                send(request, response, type, Status.BAD_REQUEST_400, resolved.refusal());
            }
            return;
        }
        GraphqlRequest resolvedRequest = resolved.request();
        Prepared prepared = engine.prepare(resolvedRequest);
        Result answer;
        if (prepared.refusal() != null) {
            answer = prepared.refusal();
        } else if (overGet && prepared.operation() == Operation.MUTATION) {
            response.header(HeaderNames.ALLOW, "POST");
            send(request, response, type, Status.METHOD_NOT_ALLOWED_405,
                    GraphqlEngine.refusal(ErrorCode.BAD_REQUEST, "Mutations are only accepted over POST."));
            return;
        } else if (prepared.operation() == Operation.SUBSCRIPTION) {
            answer = GraphqlEngine.refusal(ErrorCode.BAD_REQUEST,
                    "Subscriptions run over a WebSocket at /graphql (graphql-transport-ws), not over HTTP.");
        } else {
            if (resolved.register()) {
                persistedQueries.register(resolved.hash(), resolvedRequest.query());
            }
            // Handlers run on virtual threads: waiting here blocks no event loop, and the answer is written from here.
            answer = engine.execute(resolvedRequest, Callers.context(caller)).toCompletableFuture().join();
        }
        // Only graphql-response+json may signal a request error with a 4xx; plain JSON clients expect 200.
        Status status = !answer.dataPresent() && type == AnswerType.GRAPHQL_RESPONSE_JSON
                ? Status.BAD_REQUEST_400 : Status.OK_200;
        if (overGet && cachePolicy.apply(request.headers(), response, prepared.isPublic(), answer, type, status)) {
            response.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        send(request, response, type, status, answer);
    }

    /** The answer type, or {@code null} once the request was refused (406, or 400 for an unreadable Accept). */
    private static AnswerType negotiate(ServerRequest request, ServerResponse response) {
        AnswerType type;
        try {
            type = AnswerType.negotiate(request.headers());
        } catch (RuntimeException e) {
            RawProblem.send(request, response, Status.BAD_REQUEST_400, "The request could not be read.");
            return null;
        }
        if (type == null) {
            response.status(Status.NOT_ACCEPTABLE_406).header(HeaderNames.CONTENT_TYPE, "application/json");
            write(request, response, GraphqlEngine.refusal(ErrorCode.BAD_REQUEST,
                    "Accept application/graphql-response+json or application/json.").bytes());
        }
        return type;
    }

    /**
     * The body as text, read at its declared length (chunked: up to the limit) under the body deadline. The charset is
     * the content type's, UTF-8 by default (as JAX-RS's reader does; JSON is UTF-8 anyway).
     */
    private String body(ServerRequest request, HttpMediaType contentType) throws IOException {
        if (!request.content().hasEntity()) {
            return "";
        }
        byte[] bytes = bodySizeLimit.read(bodyDeadline.guard(request.content().inputStream()),
                request.headers().contentLength().orElse(-1));
        return new String(bytes, charset(contentType));
    }

    /**
     * The GraphiQL page sends {@code Content-Type: application/json, application/json} from a real browser (its
     * default headers and its fetcher both set the header, and the browser joins them): the first value counts.
     */
    private static String repaired(String contentType) {
        int comma = contentType.indexOf(',');
        return comma > 0 ? contentType.substring(0, comma).trim() : contentType;
    }

    private static Charset charset(HttpMediaType contentType) {
        String name = contentType.charset().orElse(null);
        try {
            return name != null && Charset.isSupported(name) ? Charset.forName(name) : StandardCharsets.UTF_8;
        } catch (IllegalArgumentException e) { // an illegal charset name
            return StandardCharsets.UTF_8;
        }
    }

    private static void badRequest(ServerRequest request, ServerResponse response, AnswerType type, String message) {
        send(request, response, type, Status.BAD_REQUEST_400, GraphqlEngine.refusal(ErrorCode.BAD_REQUEST, message));
    }

    private static void send(ServerRequest request, ServerResponse response, AnswerType type, Status status,
                             Result result) {
        response.status(status).header(type.contentType);
        write(request, response, result.bytes());
    }

    /** The body as it is; for {@code HEAD}, only its length (what a {@code GET} would send). */
    private static void write(ServerRequest request, ServerResponse response, byte[] body) {
        if (request.prologue().method() == Method.HEAD) {
            response.header(HeaderNames.CONTENT_LENGTH, String.valueOf(body.length)).send(NO_BYTES);
        } else {
            response.send(body);
        }
    }

    /** {@code OPTIONS}: the methods the path answers (no token is looked at; CORS preflights carry none). */
    private static void allow(ServerResponse response, String methods) {
        response.header(HeaderNames.ALLOW, methods).header(HeaderNames.CONTENT_TYPE, "text/plain")
                .send(methods.getBytes(StandardCharsets.US_ASCII));
    }

    private static void notAllowed(ServerRequest request, ServerResponse response, String methods) {
        response.header(HeaderNames.ALLOW, methods);
        RawProblem.send(request, response, Status.METHOD_NOT_ALLOWED_405,
                "This method is not allowed here; see the Allow header.");
    }
}
