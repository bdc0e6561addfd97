package dev.encore.identity.login;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /auth/login}. */
@Schema(name = "LoginRequest", requiredProperties = {"email", "password"})
public record LoginRequest(@Schema(example = "admin@demo.local") String email,
                           @Schema(example = "demo-admin-pass") String password) {

    @Override
    public String toString() {
        return "LoginRequest[email=" + email + "]";
    }
}
