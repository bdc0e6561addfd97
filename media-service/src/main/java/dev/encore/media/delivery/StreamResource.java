package dev.encore.media.delivery;

import java.io.IOException;
import java.util.Optional;

import dev.encore.media.MediaConfig;
import dev.encore.media.cdn.CacheHeaders;
import dev.encore.media.cdn.UrlSigner;
import dev.encore.media.metadata.AudioFormat;
import dev.encore.media.storage.BlobStore;
import dev.encore.media.storage.StoredBlob;
import dev.encore.support.problem.Problem;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code GET} and {@code HEAD} on stream URLs, {@code /stream/<sha256>.<ext>}: public (or signed), served from the
 * blob store without a database lookup, since the URL itself names the bytes and their format. Maps HTTP to
 * {@link ConditionalRequest} and {@link RangeRequest}, which hold the rules.
 */
@Path("/stream")
@PermitAll
@ApplicationScoped
public class StreamResource {

    /** The one path prefix of stream URLs; {@link #path(String)} builds them. */
    public static final String PREFIX = "/stream/";

    @Inject
    BlobStore store;

    @Inject
    UrlSigner signer;

    @Inject
    MediaConfig config;

    /** The path that serves the blob stored under {@code key}. */
    public static String path(String key) {
        return PREFIX + key;
    }

    @GET
    @Path("{key}")
    public Response get(@PathParam("key") String key, @Context HttpHeaders headers, @Context UriInfo uri)
            throws IOException {
        return answer(key, headers, uri, true);
    }

    @HEAD
    @Path("{key}")
    public Response head(@PathParam("key") String key, @Context HttpHeaders headers, @Context UriInfo uri)
            throws IOException {
        return answer(key, headers, uri, false);
    }

    private Response answer(String key, HttpHeaders headers, UriInfo uri, boolean withBody) throws IOException {
        if (signer.enabled()) {
            UrlSigner.Verdict verdict = signer.verify(uri.getRequestUri().getRawPath(),
                                                      uri.getRequestUri().getRawQuery());
            if (verdict != UrlSigner.Verdict.VALID) {
                return refusal(Response.Status.FORBIDDEN, "The stream URL's signature is " + describe(verdict) + ".");
            }
        }
        Optional<AudioFormat> format = Optional.of(key).filter(BlobStore::isValidKey)
                .flatMap(k -> AudioFormat.byExtension(k.substring(k.indexOf('.') + 1)));
        Optional<StoredBlob> opened = format.isPresent() ? store.open(key) : Optional.empty();
        if (opened.isEmpty()) {
            return refusal(Response.Status.NOT_FOUND, "No audio is stored under this URL.");
        }
        StoredBlob blob = opened.get();
        boolean handedOver = false;
        try {
            String etag = "\"" + key.substring(0, key.indexOf('.')) + "\"";
            String contentType = format.get().contentType();
            Response.ResponseBuilder response = switch (ConditionalRequest.evaluate(true,
                    headers.getHeaderString("If-Match"), headers.getHeaderString("If-Unmodified-Since"),
                    headers.getHeaderString("If-None-Match"), headers.getHeaderString("If-Modified-Since"),
                    etag, blob.lastModified())) {
                case NOT_MODIFIED -> Response.notModified();
                case PRECONDITION_FAILED -> Response.status(Response.Status.PRECONDITION_FAILED)
                        .type(Problem.PROBLEM_JSON)
                        .entity(Problem.of(Response.Status.PRECONDITION_FAILED, "A precondition of the request failed."));
                case PROCEED -> null;
            };
            if (response == null) {
                RangeRequest.Answer answer = RangeRequest.answer(headers.getHeaderString("Range"),
                        headers.getHeaderString("If-Range"), etag, blob.lastModified(), blob.size(), config.maxRanges());
                PartialBody body = switch (answer) {
                    case RangeRequest.Full full -> PartialBody.whole(blob);
                    case RangeRequest.Partial partial when partial.ranges().size() == 1 ->
                            PartialBody.single(blob, partial.ranges().getFirst());
                    case RangeRequest.Partial partial -> PartialBody.multipart(blob, partial.ranges(), contentType);
                    case RangeRequest.Unsatisfiable unsatisfiable -> null;
                };
                if (body == null) {
                    response = Response.status(Response.Status.REQUESTED_RANGE_NOT_SATISFIABLE)
                            .header("Content-Range", "bytes */" + blob.size())
                            .type(Problem.PROBLEM_JSON)
                            .entity(Problem.of(Response.Status.REQUESTED_RANGE_NOT_SATISFIABLE,
                                               "No requested range lies within the " + blob.size() + " bytes."));
                } else {
                    response = Response.status(answer instanceof RangeRequest.Full ? 200 : 206)
                            .header(HttpHeaders.CONTENT_TYPE, body.mediaType())
                            .header(HttpHeaders.CONTENT_LENGTH, body.contentLength());
                    if (answer instanceof RangeRequest.Partial partial && partial.ranges().size() == 1) {
                        response.header("Content-Range", partial.ranges().getFirst().contentRange(blob.size()));
                    }
                    if (withBody) {
                        response.entity(body);
                        handedOver = true;
                    }
                }
            }
            return response.header("Accept-Ranges", "bytes")
                    .header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.LAST_MODIFIED, HttpDates.format(blob.lastModified()))
                    .header(HttpHeaders.CACHE_CONTROL, CacheHeaders.IMMUTABLE)
                    .build();
        } finally {
            if (!handedOver) {
                blob.close(); // otherwise PartialBody closes it once written
            }
        }
    }

    private static Response refusal(Response.Status status, String detail) {
        return Response.fromResponse(Problem.of(status, detail).toResponse())
                .header(HttpHeaders.CACHE_CONTROL, CacheHeaders.NO_STORE)
                .build();
    }

    private static String describe(UrlSigner.Verdict verdict) {
        return switch (verdict) {
            case MISSING -> "missing (verify=...)";
            case MALFORMED -> "malformed";
            case NOT_LAST -> "not the last query parameter";
            case EXPIRED -> "expired";
            case FORGED, VALID -> "not valid";
        };
    }
}
