package dev.encore.media.upload;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;

import dev.encore.media.MediaConfig;
import dev.encore.media.cdn.CacheHeaders;
import dev.encore.media.cdn.UrlSigner;
import dev.encore.media.delivery.StreamHandler;
import dev.encore.support.problem.Problem;
import dev.encore.support.problem.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

/** {@code /media}: upload, look-up and delete. Maps HTTP to {@link MediaService}. */
@Path("/media")
@ApplicationScoped
public class MediaResource {

    @Inject
    MediaService service;

    @Inject
    UrlSigner signer;

    @Inject
    MediaConfig config;

    /**
     * The body is the audio itself ({@code Content-Type: audio/...}), or a {@code multipart/form-data} form whose
     * {@code file} field is. Either way it is streamed to storage, never held in memory.
     */
    @POST
    @RolesAllowed({"artist", "curator", "admin"})
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
                           @Context SecurityContext caller, @Context UriInfo uri) {
        String type = bareType(contentType);
        long length = contentLength == null ? -1 : contentLength;
        MediaService.Upload upload;
        if ("multipart/form-data".equals(type)) {
            String boundary = MultipartFilePart.boundary(contentType).orElseThrow(
                    () -> ProblemException.badField("file", "The multipart/form-data body has no boundary."));
            MultipartFilePart.Part part;
            try {
                part = MultipartFilePart.find(body, boundary, "file").orElseThrow(
                        () -> ProblemException.badField("file", "The form has no 'file' field."));
            } catch (IOException e) {
                throw ProblemException.badField("file", "The multipart/form-data body is malformed: " + e.getMessage());
            }
            // The form's own length includes the other fields and the framing; only the stream count is exact.
            upload = service.upload(subject(caller), "file", bareType(part.contentType()), -1, part.content());
        } else {
            upload = service.upload(subject(caller), "body", type, length, body);
        }
        MediaResponse answer = response(upload.media(), uri);
        return Response.status(upload.created() ? Response.Status.CREATED : Response.Status.OK)
                .location(URI.create("/media/" + upload.media().id()))
                .header(HttpHeaders.CACHE_CONTROL, CacheHeaders.NO_STORE)
                .entity(answer)
                .build();
    }

    @GET
    @Path("{id}")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Response find(@PathParam("id") String id, @Context UriInfo uri) {
        Media media = service.find(id).orElseThrow(() -> ProblemException.of(Response.Status.NOT_FOUND,
                                                                             "No media " + id + "."));
        return Response.ok(response(media, uri))
                .header(HttpHeaders.CACHE_CONTROL, CacheHeaders.shortLived(config.metadataMaxAge()))
                .build();
    }

    /** The uploader or an admin; the CDN copy is purged. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context SecurityContext caller, @Context UriInfo uri) {
        service.delete(id, subject(caller), caller.isUserInRole("admin"), new MediaService.PurgeUrls() {
            @Override
            public List<String> metadata(Media media) {
                return config.publicBaseUrl().map(base -> List.of(base + "/media/" + media.id())).orElse(List.of());
            }

            @Override
            public List<String> stream(Media media) {
                return config.publicBaseUrl().map(base -> List.of(base + StreamHandler.path(media.blobKey())))
                        .orElse(List.of());
            }
        });
        return Response.noContent().build();
    }

    private MediaResponse response(Media media, UriInfo uri) {
        String base = config.publicBaseUrl().map(URI::toString)
                .orElseGet(() -> uri.getBaseUri().toString().replaceAll("/+$", ""));
        return MediaResponse.of(media, base + signer.sign(StreamHandler.path(media.blobKey())));
    }

    private static String subject(SecurityContext caller) {
        if (caller.getUserPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken token
            && token.getSubject() != null) {
            return token.getSubject();
        }
        throw new ProblemException(Problem.of(Response.Status.UNAUTHORIZED, "A valid bearer token is required."));
    }

    /** The media type without parameters, lower case; null when absent. */
    private static String bareType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
