package dev.encore.identity;

import dev.encore.support.problem.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;

/**
 * Documents every 4xx and 5xx answer as RFC 9457 {@code application/problem+json} (the {@code Problem} schema), so a
 * resource's {@code @APIResponse} says only what the error means; and keeps {@code application/problem+json} out of
 * the successes, which a resource declares in one line with {@code @APIResponseSchema}. MP OpenAPI's {@code ref}
 * could share a response too, but a reference replaces the response's own description, and each one here is specific
 * to its operation. Registered by {@code mp.openapi.filter}.
 */
public class ProblemResponses implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
            operation.getResponses().getAPIResponses().forEach((code, response) -> {
                if ((code.startsWith("4") || code.startsWith("5")) && response.getContent() == null
                    && response.getRef() == null) {
                    response.setContent(OASFactory.createContent().addMediaType(
                            Problem.MEDIA_TYPE,
                            OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
                } else if (code.startsWith("2") && response.getContent() != null
                           && response.getContent().getMediaTypes() != null
                           && response.getContent().getMediaTypes().size() > 1) {
                    // @APIResponseSchema documents the body under every type the resource @Produces, but a success
                    // is never a problem.
                    response.getContent().removeMediaType(Problem.MEDIA_TYPE);
                }
            });
        }
        return operation;
    }
}
