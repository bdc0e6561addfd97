package dev.encore.media.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import dev.encore.media.MediaConfig;
import dev.encore.media.cdn.CacheHeaders;
import dev.encore.media.cdn.UrlSigner;
import dev.encore.media.metadata.AudioFormat;
import dev.encore.media.storage.BlobStore;
import dev.encore.media.storage.StoredBlob;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

/**
 * {@code GET} and {@code HEAD} on stream URLs, {@code /stream/<sha256>.<ext>}: public (or signed), served from the
 * blob store without a database lookup, since the URL itself names the bytes and their format. Maps HTTP to
 * {@link ConditionalRequest} and {@link RangeRequest}, which hold the rules.
 *
 * <p>A Helidon route rather than a JAX-RS resource, registered ahead of JAX-RS, for two reasons measured on Helidon
 * 4.1.2: Jersey answers {@code HEAD} with {@code Content-Length: 0} whatever the resource sets (RFC 9110 wants the
 * length a GET would send), and skipping Jersey's matching and filters is a large share of the cost of a 256 KiB range.
 * Streams need no bearer token, so the token filters have nothing to do here.
 */
@ApplicationScoped
public class StreamHandler {

    /** The one path prefix of stream URLs; {@link #path(String)} builds them. */
    public static final String PREFIX = "/stream/";

    private static final HeaderName CONTENT_RANGE = HeaderNames.create("Content-Range");
    private static final byte[] NO_BYTES = new byte[0];
    private static final Header IMMUTABLE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, CacheHeaders.IMMUTABLE);

    /** Headers built once per stored file. */
    private final ServedFiles files = new ServedFiles();

    @Inject
    BlobStore store;

    @Inject
    UrlSigner signer;

    @Inject
    MediaConfig config;

    /** The path that serves the blob stored under {@code key}. */
    private static final String ALLOWED = "GET, HEAD, OPTIONS";

    public static String path(String key) {
        return PREFIX + key;
    }

    /**
     * Mounts the route before the server starts (it observes the same event at a later priority). The bean is not
     * itself an {@code HttpService}: Helidon MP would mount every CDI bean that is one at the root a second time.
     */
    void mount(@Observes @Initialized(ApplicationScoped.class) Object startup, BeanManager beans) {
        HttpService service = this::routing;
        beans.getExtension(ServerCdiExtension.class).serverRoutingBuilder().register(service);
    }

    void routing(HttpRules rules) {
        rules.get(PREFIX + "{key}", this::answer).head(PREFIX + "{key}", this::answer)
                .options(PREFIX + "{key}", (request, response) ->
                        response.status(Status.NO_CONTENT_204).header(HeaderNames.ALLOW, ALLOWED).send())
                // Any other method on a stream URL: the resource is there, the method is not (RFC 9110 15.5.6).
                .any(PREFIX + "{key}", (request, response) -> {
                    response.header(HeaderNames.ALLOW, ALLOWED);
                    refuse(response, Status.METHOD_NOT_ALLOWED_405, "A stream URL answers GET and HEAD only.", true);
                });
    }

    void answer(ServerRequest request, ServerResponse response) throws IOException {
        boolean withBody = request.prologue().method() == Method.GET;
        if (signer.enabled()) {
            UrlSigner.Verdict verdict = signer.verify(request.path().rawPath(), request.query().rawValue());
            if (verdict != UrlSigner.Verdict.VALID) {
                refuse(response, Status.FORBIDDEN_403, "The stream URL's signature is " + describe(verdict) + ".",
                       withBody);
                return;
            }
        }
        String key = request.path().pathParameters().get("key");
        Optional<AudioFormat> format = BlobStore.isValidKey(key) ? files.format(key) : Optional.empty();
        Optional<StoredBlob> opened = format.isPresent() ? store.open(key) : Optional.empty();
        if (opened.isEmpty()) {
            refuse(response, Status.NOT_FOUND_404, "No audio is stored under this URL.", withBody);
            return;
        }
        try (StoredBlob blob = opened.get()) {
            ServedFiles.ServedFile file = files.of(key, format.get(), blob);
            String etag = file.etag();
            response.header(file.etagHeader()).header(file.lastModifiedHeader()).header(IMMUTABLE);
            ConditionalRequest.Outcome condition = ConditionalRequest.evaluate(true,
                    header(request, HeaderNames.IF_MATCH), header(request, HeaderNames.IF_UNMODIFIED_SINCE),
                    header(request, HeaderNames.IF_NONE_MATCH), header(request, HeaderNames.IF_MODIFIED_SINCE),
                    etag, blob.lastModified());
            switch (condition) {
                case NOT_MODIFIED -> {
                    response.status(Status.NOT_MODIFIED_304).send();
                    return;
                }
                case PRECONDITION_FAILED -> {
                    response.header(HeaderNames.CACHE_CONTROL, CacheHeaders.NO_STORE);
                    problem(response, Status.PRECONDITION_FAILED_412, "A precondition of the request failed.", withBody);
                    return;
                }
                case PROCEED -> {
                }
            }
            RangeRequest.Answer answer = RangeRequest.answer(header(request, HeaderNames.RANGE),
                    header(request, HeaderNames.IF_RANGE), etag, blob.lastModified(), blob.size(), config.maxRanges());
            String contentType = file.format().contentType();
            PartialBody body = switch (answer) {
                case RangeRequest.Full full -> PartialBody.whole(blob, contentType);
                case RangeRequest.Partial partial when partial.ranges().size() == 1 -> {
                    response.header(CONTENT_RANGE, partial.ranges().getFirst().contentRange(blob.size()));
                    yield PartialBody.single(blob, partial.ranges().getFirst(), contentType);
                }
                case RangeRequest.Partial partial -> PartialBody.multipart(blob, partial.ranges(), contentType);
                case RangeRequest.Unsatisfiable unsatisfiable -> null;
            };
            if (body == null) {
                response.header(CONTENT_RANGE, "bytes */" + blob.size())
                        .header(HeaderNames.CACHE_CONTROL, CacheHeaders.NO_STORE);
                problem(response, Status.REQUESTED_RANGE_NOT_SATISFIABLE_416,
                        "No requested range lies within the " + blob.size() + " bytes.", withBody);
                return;
            }
            // Accept-Ranges on 200 and 206 only, as nginx does: a 304, 412 or 416 says nothing about the representation.
            response.status(answer instanceof RangeRequest.Full ? Status.OK_200 : Status.PARTIAL_CONTENT_206)
                    .header(HeaderValues.ACCEPT_RANGES_BYTES)
                    .header(body.isMultipart() ? HeaderValues.create(HeaderNames.CONTENT_TYPE, body.mediaType())
                                               : file.contentType())
                    .header(HeaderValues.create(HeaderNames.CONTENT_LENGTH, body.contentLength()));
            if (!withBody) {
                // An empty send keeps a Content-Length already set, so HEAD announces what GET would send.
                response.send(NO_BYTES);
                return;
            }
            FileChannel socket = config.sendfile() ? SocketChannels.of(response).orElse(null) : null;
            try (OutputStream out = response.outputStream()) {
                body.write(out, socket);
            }
        }
    }

    private static String header(ServerRequest request, HeaderName name) {
        return request.headers().first(name).orElse(null);
    }

    private static void refuse(ServerResponse response, Status status, String detail, boolean withBody) {
        response.header(HeaderNames.CACHE_CONTROL, CacheHeaders.NO_STORE);
        problem(response, status, detail, withBody);
    }

    /** RFC 9457 problem+json, as every other error of this service. */
    private static void problem(ServerResponse response, Status status, String detail, boolean withBody) {
        String json = "{\"type\":\"about:blank\",\"title\":\"" + title(status) + "\",\"status\":" + status.code()
                      + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.status(status).header(HeaderNames.CONTENT_TYPE, "application/problem+json");
        if (withBody) {
            response.send(bytes);
        } else {
            response.header(HeaderNames.CONTENT_LENGTH, String.valueOf(bytes.length)).send(NO_BYTES);
        }
    }

    /** RFC 9110's names; Helidon still has RFC 7231's "Requested Range Not Satisfiable". */
    private static String title(Status status) {
        return status.code() == 416 ? "Range Not Satisfiable" : status.reasonPhrase();
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
