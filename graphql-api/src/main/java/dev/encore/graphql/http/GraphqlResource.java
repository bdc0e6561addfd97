package dev.encore.graphql.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.encore.graphql.engine.GraphqlEngine;
import dev.encore.graphql.engine.GraphqlEngine.Prepared;
import dev.encore.graphql.engine.GraphqlEngine.Result;
import dev.encore.graphql.engine.GraphqlRequest;
import dev.encore.graphql.engine.PersistedQueries;
import dev.encore.graphql.engine.GraphqlRequest.MalformedRequestException;
import dev.encore.graphql.engine.RequestJson;
import dev.encore.graphql.error.ErrorCode;
import dev.encore.graphql.security.Caller;
import dev.encore.graphql.security.Callers;
import dev.encore.support.security.AccessToken;
import graphql.language.OperationDefinition.Operation;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * GraphQL over HTTP ({@code POST} and {@code GET /graphql}) as the GraphQL-over-HTTP spec describes it:
 * <ul>
 *   <li>answers {@code application/graphql-response+json} when the client accepts it, else {@code application/json};
 *       406 when it accepts neither;</li>
 *   <li>{@code POST} takes {@code application/json} (415 otherwise); {@code GET} takes {@code query},
 *       {@code variables} (JSON), {@code operationName} and {@code extensions} (JSON) from the query string and runs
 *       queries only: a mutation over {@code GET} is a 405 with {@code Allow: POST};</li>
 *   <li>a request that is not GraphQL (bad JSON, no query) is a 400, and so is JSON nested deeper than
 *       {@code graphql.limits.max-json-depth} (in a variable's value: {@code BAD_USER_INPUT}); a document that fails
 *       to parse or validate, or breaks a query limit, is a 400 under {@code application/graphql-response+json} and
 *       a 200 under {@code application/json} (the legacy behaviour the spec keeps for it); once execution started it
 *       is 200 with {@code data} and {@code errors}.</li>
 *   <li>automatic persisted queries ({@link PersistedQueries}): a request may carry only the hash of its query;
 *       {@code GET} answers carry caching headers for browsers and CDNs ({@link CachePolicy}).</li>
 * </ul>
 * The caller is taken from the bearer token that {@code BearerTokenFilter} verified (a present but invalid token
 * never gets here: it is a 401), and travels to resolvers in the execution context. Authorization happens per
 * operation and field, so the resource itself is open.
 */
@Path("/graphql")
@PermitAll
@ApplicationScoped
public class GraphqlResource {

    static final String GRAPHQL_RESPONSE_JSON = "application/graphql-response+json";
    private static final MediaType GRAPHQL_RESPONSE = MediaType.valueOf(GRAPHQL_RESPONSE_JSON);

    @Inject
    GraphqlEngine engine;

    @Inject
    PersistedQueries persistedQueries;

    @Inject
    CachePolicy cachePolicy;

    @POST
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> post(@Context HttpHeaders headers, @Context SecurityContext security,
                                          InputStream body) throws IOException {
        MediaType answerType = negotiate(headers);
        if (answerType == null) {
            return done(notAcceptable());
        }
        MediaType contentType = headers.getMediaType();
        if (contentType == null || !"application".equals(contentType.getType())
            || !"json".equals(contentType.getSubtype())) {
            return done(answer(answerType, Response.Status.UNSUPPORTED_MEDIA_TYPE, GraphqlEngine.refusal(
                    ErrorCode.BAD_REQUEST, "Send the request as application/json.")));
        }
        GraphqlRequest request;
        try {
            JsonValue json = engine.readJson(text(body, headers.getLength(), contentType));
            if (json.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new MalformedRequestException("The request body must be a JSON object.");
            }
            request = GraphqlRequest.from(json.asJsonObject());
        } catch (RequestJson.TooDeepException e) {
            return done(answer(answerType, Response.Status.BAD_REQUEST, GraphqlEngine.tooDeep(e)));
        } catch (jakarta.json.JsonException e) {
            return done(badRequest(answerType, "The request body is not valid JSON."));
        } catch (MalformedRequestException e) {
            return done(badRequest(answerType, e.getMessage()));
        }
        return run(request, answerType, security, null);
    }

    @GET
    public CompletionStage<Response> get(@QueryParam("query") String query,
                                         @QueryParam("operationName") String operationName,
                                         @QueryParam("variables") String variables,
                                         @QueryParam("extensions") String extensions,
                                         @Context HttpHeaders headers, @Context SecurityContext security) {
        MediaType answerType = negotiate(headers);
        if (answerType == null) {
            return done(notAcceptable());
        }
        GraphqlRequest request;
        try {
            JsonObject extensionsJson = jsonParameter("extensions", extensions);
            // An automatic persisted query comes as its hash alone: that GET is the one a CDN keeps.
            if ((query == null || query.isBlank())
                && (extensionsJson == null || !extensionsJson.containsKey("persistedQuery"))) {
                return done(badRequest(answerType, "The request has no 'query' parameter."));
            }
            request = new GraphqlRequest(blankToNull(query), blankToNull(operationName),
                    jsonParameter("variables", variables), extensionsJson);
        } catch (MalformedRequestException e) {
            return done(badRequest(answerType, e.getMessage()));
        } catch (RequestJson.TooDeepException e) {
            return done(answer(answerType, Response.Status.BAD_REQUEST, GraphqlEngine.tooDeep(e)));
        }
        return run(request, answerType, security, headers);
    }

    /**
     * The body as text, read at its declared length: JAX-RS's {@code String} reader copies every body through 16 KB
     * buffers (in a profile, a tenth of the bytes a {@code POST /graphql} allocated). {@code BodySizeLimitFilter} has
     * already refused a body over {@code encore.max-body-size}, declared or chunked. The charset is the content
     * type's, UTF-8 by default (as JAX-RS's reader does; JSON is UTF-8 anyway).
     */
    private static String text(InputStream body, int declaredLength, MediaType contentType) throws IOException {
        if (body == null) {
            return "";
        }
        byte[] bytes = declaredLength >= 0 ? body.readNBytes(declaredLength) : body.readAllBytes();
        return new String(bytes, charset(contentType));
    }

    private static Charset charset(MediaType contentType) {
        String name = contentType.getParameters().get(MediaType.CHARSET_PARAMETER);
        try {
            return name != null && Charset.isSupported(name) ? Charset.forName(name) : StandardCharsets.UTF_8;
        } catch (IllegalArgumentException e) { // an illegal charset name
            return StandardCharsets.UTF_8;
        }
    }

    /** The schema in SDL; hidden with introspection, since it tells the same. */
    @GET
    @Path("/schema.graphql")
    @Produces("text/plain;charset=utf-8")
    public Response schema() {
        if (!engine.introspectionEnabled()) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        return Response.ok(engine.sdl()).build();
    }

    /**
     * @param getHeaders the headers of a {@code GET} (whose answers caches may keep), {@code null} for a {@code POST}
     */
    private CompletionStage<Response> run(GraphqlRequest request, MediaType answerType, SecurityContext security,
                                          HttpHeaders getHeaders) {
        boolean overGet = getHeaders != null;
        PersistedQueries.Resolution resolved = persistedQueries.resolve(request);
        if (resolved.refusal() != null) {
            if (resolved.notFound()) {
                // As Apollo Server answers it: 200, never cached (the hash becomes known the moment a client sends it).
                return done(Response.fromResponse(answer(answerType, Response.Status.OK, resolved.refusal()))
                        .header(HttpHeaders.CACHE_CONTROL, "private, no-cache, must-revalidate").build());
            }
            return done(answer(answerType, Response.Status.BAD_REQUEST, resolved.refusal()));
        }
        request = resolved.request();
        Prepared prepared = engine.prepare(request);
        if (prepared.refusal() != null) {
            return done(answer(answerType, prepared.refusal()));
        }
        if (overGet && prepared.operation() == Operation.MUTATION) {
            return done(Response.status(Response.Status.METHOD_NOT_ALLOWED)
                    .header(HttpHeaders.ALLOW, "POST")
                    .type(answerType)
                    .entity(GraphqlEngine.refusal(ErrorCode.BAD_REQUEST,
                            "Mutations are only accepted over POST.").bytes())
                    .build());
        }
        if (prepared.operation() == Operation.SUBSCRIPTION) {
            return done(answer(answerType, GraphqlEngine.refusal(ErrorCode.BAD_REQUEST,
                    "Subscriptions run over a WebSocket at /graphql (graphql-transport-ws), not over HTTP.")));
        }
        if (resolved.register()) {
            persistedQueries.register(resolved.hash(), request.query());
        }
        AccessToken token = security.getUserPrincipal() instanceof AccessToken t ? t : null;
        return engine.execute(request, Callers.context(Caller.of(token))).thenApply(result -> overGet
                ? cachePolicy.answer(getHeaders, prepared.isPublic(), result, answer(answerType, result))
                : answer(answerType, result));
    }

    /**
     * The media type of the answer: {@code application/graphql-response+json} when accepted, else
     * {@code application/json} (also for no {@code Accept} at all, as the spec advises for legacy clients), or
     * {@code null} when the client accepts neither.
     */
    static MediaType negotiate(HttpHeaders headers) {
        if (headers.getHeaderString(HttpHeaders.ACCEPT) == null) {
            return MediaType.APPLICATION_JSON_TYPE;
        }
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.getType().equals("application") && accepted.getSubtype().equals("graphql-response+json")) {
                return GRAPHQL_RESPONSE;
            }
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return MediaType.APPLICATION_JSON_TYPE;
            }
        }
        return null;
    }

    private static Response answer(MediaType type, Result result) {
        // Only graphql-response+json may signal a request error with a 4xx; plain JSON clients expect 200.
        boolean requestError = !result.dataPresent() && GRAPHQL_RESPONSE.equals(type);
        return answer(type, requestError ? Response.Status.BAD_REQUEST : Response.Status.OK, result);
    }

    private static Response answer(MediaType type, Response.Status status, Result result) {
        return Response.status(status).type(type.withCharset("utf-8")).entity(result.bytes()).build();
    }

    private static Response badRequest(MediaType type, String message) {
        return answer(type, Response.Status.BAD_REQUEST, GraphqlEngine.refusal(ErrorCode.BAD_REQUEST, message));
    }

    private static Response notAcceptable() {
        return Response.status(Response.Status.NOT_ACCEPTABLE).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(GraphqlEngine.refusal(ErrorCode.BAD_REQUEST, "Accept application/graphql-response+json or "
                                                                     + "application/json.").bytes())
                .build();
    }

    private JsonObject jsonParameter(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        JsonValue json;
        try {
            json = engine.readJson(value);
        } catch (RequestJson.TooDeepException e) {
            throw e.within(name); // answered as if the parameter were that key of a POST body
        } catch (jakarta.json.JsonException e) {
            throw new MalformedRequestException("'" + name + "' is not valid JSON.");
        }
        if (json.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (json.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new MalformedRequestException("'" + name + "' must be a JSON object.");
        }
        return json.asJsonObject();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static CompletionStage<Response> done(Response response) {
        return CompletableFuture.completedFuture(response);
    }
}
