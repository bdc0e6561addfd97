package dev.encore.identity.key;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.encore.support.problem.Problem;
import dev.encore.support.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** On-demand rotation of generated keys (the local profile); configured keys rotate through configuration. */
@Path("/keys")
@RequestScoped
@Tag(name = "keys")
@SecurityRequirement(name = "bearer")
public class KeyResource {

    @Inject
    SigningKeys keys;

    @POST
    @Path("/rotate")
    @RolesAllowed("admin")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Rotate the signing key", description = "Admins only, generated keys only. A new key signs "
               + "from now on; the previous one stays in the JWKS until every token it signed has expired.")
    @APIResponse(responseCode = "200", description = "The new signing key id and the previous ones still published")
    @APIResponse(responseCode = "409", description = "Keys come from configuration: rotate them there")
    public Map<String, Object> rotate() {
        if (!keys.rotatable()) {
            throw ProblemException.of(Response.Status.CONFLICT, "The signing keys come from configuration; rotate "
                                      + "them there (see the README).");
        }
        KeyRing ring = keys.rotate();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("kid", ring.kid());
        answer.put("verifyOnly", ring.verifyOnly().stream().map(key -> key.getKeyID()).toList());
        return answer;
    }
}
