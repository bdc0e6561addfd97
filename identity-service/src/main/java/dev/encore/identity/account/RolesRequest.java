package dev.encore.identity.account;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code PUT /users/{id}/roles}: the complete new set of roles. */
@Schema(name = "RolesRequest", requiredProperties = "roles")
public record RolesRequest(@Schema(example = "[\"listener\",\"artist\"]") List<String> roles) {
}
