package dev.encore.graphql.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

import dev.encore.graphql.engine.GraphqlEngine.Result;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP caching of {@code GET /graphql} answers, for browsers and for Cloudflare in front of the service.
 * <ul>
 *   <li>public: a query whose answer is the same for everyone ({@code PublicOperations}: catalog reads, nothing about a
 *       user or a playlist), asked without {@code Authorization}, answered without errors:
 *       {@code Cache-Control: public, max-age=<graphql.http.public-max-age>} and a strong {@code ETag} (a digest of
 *       the body); {@code If-None-Match} with that tag is a 304 without a body;</li>
 *   <li>everything else: {@code Cache-Control: private, no-store}.</li>
 * </ul>
 * Both carry {@code Vary: Accept, Authorization}: the body's media type follows {@code Accept}
 * ({@code application/graphql-response+json} or {@code application/json}), and a shared cache must not answer a
 * signed-in request from an anonymous one's entry unless the answer said {@code public}. With automatic persisted
 * queries the URL is short and stable ({@code ?operationName=..&variables=..&extensions={"persistedQuery":..}}),
 * which is what makes these answers cacheable at the edge at all. {@code POST} answers get no caching headers.
 */
@ApplicationScoped
public class CachePolicy {

    static final String VARY = "Accept, Authorization";
    static final String PRIVATE = "private, no-store";

    @Inject
    @ConfigProperty(name = "graphql.http.public-max-age")
    Duration publicMaxAge;

    private String publicCacheControl;

    @PostConstruct
    void init() {
        publicCacheControl = "public, max-age=" + publicMaxAge.toSeconds();
    }

    /**
     * Sets the caching headers of a {@code GET} answer.
     *
     * @param type the answer's media type (part of the representation, so of its tag)
     * @param status the answer's status (only a 200 may be shared)
     * @return whether the client holds this very body already: answer 304 without a body
     */
    boolean apply(Headers request, ServerResponse response, boolean publicOperation, Result result, AnswerType type,
                  Status status) {
        boolean shared = publicOperation && result.dataPresent() && !result.hasErrors()
                         && !request.contains(HeaderNames.AUTHORIZATION) && status.code() == Status.OK_200.code();
        response.header(HeaderNames.VARY, VARY);
        if (!shared) {
            response.header(HeaderNames.CACHE_CONTROL, PRIVATE);
            return false;
        }
        String etag = etag(result.bytes(), type);
        response.header(HeaderNames.ETAG, etag).header(HeaderNames.CACHE_CONTROL, publicCacheControl);
        return request.contains(HeaderNames.IF_NONE_MATCH)
               && matches(String.join(",", request.get(HeaderNames.IF_NONE_MATCH).allValues()), etag);
    }

    /**
     * A strong validator: the first 128 bits of the SHA-256 of the body and its media type, base64url. The same body
     * under {@code application/json} and {@code application/graphql-response+json} is two representations (RFC 9110
     * 8.8.3), so two tags: a cache holding one must not revalidate it with the other's.
     */
    static String etag(byte[] body, AnswerType type) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(body);
            sha256.update((byte) type.ordinal());
            byte[] digest = sha256.digest();
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    /** {@code If-None-Match}: {@code *} or a list of tags, weak ones ({@code W/"..."}) compared weakly (RFC 9110). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag) || tag.startsWith("W/") && tag.substring(2).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
