package dev.encore.identity.account;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /auth/register}. */
@Schema(name = "RegisterRequest", requiredProperties = {"email", "password", "displayName"})
public record RegisterRequest(
        @Schema(example = "ada@example.com", maxLength = 254) String email,
        @Schema(example = "correct horse battery", minLength = 10, maxLength = 128) String password,
        @Schema(example = "Ada", minLength = 1, maxLength = 64) String displayName) {

    /** Never the password: records print their fields, and requests end up in logs. */
    @Override
    public String toString() {
        return "RegisterRequest[email=" + email + ", displayName=" + displayName + "]";
    }
}
