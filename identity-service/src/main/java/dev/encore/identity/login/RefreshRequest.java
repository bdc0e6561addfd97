package dev.encore.identity.login;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /auth/refresh} and {@code POST /auth/logout}. */
@Schema(name = "RefreshRequest", requiredProperties = "refreshToken")
public record RefreshRequest(String refreshToken) {

    @Override
    public String toString() {
        return "RefreshRequest[...]";
    }
}
