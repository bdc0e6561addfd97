package dev.encore.identity.account;

import java.time.Instant;
import java.util.List;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An account as the API shows it: never the password hash. */
@Schema(name = "Profile", description = "An account")
@JsonbPropertyOrder({"id", "email", "displayName", "roles", "createdAt"})
public record Profile(
        @Schema(example = "3f0c2a9e-5b7d-4c1e-9a51-2f8e6d4b7c10") String id,
        @Schema(example = "ada@example.com") String email,
        @Schema(example = "Ada") String displayName,
        @Schema(example = "[\"listener\"]") List<String> roles,
        Instant createdAt) {

    static Profile of(AccountDocument account) {
        return new Profile(account.id(), account.email(), account.displayName(), account.roles(), account.createdAt());
    }
}
