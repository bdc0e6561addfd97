package dev.encore.identity.login;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What login and refresh answer: a short-lived access token (JWT) and the refresh token that renews it. */
@Schema(name = "TokenPair")
@JsonbPropertyOrder({"accessToken", "refreshToken", "tokenType", "expiresIn"})
public record TokenPair(
        @Schema(description = "JWT for Authorization: Bearer") String accessToken,
        @Schema(description = "Opaque; single use: each refresh returns a new one") String refreshToken,
        @Schema(example = "Bearer") String tokenType,
        @Schema(description = "Seconds until the access token expires", example = "900") long expiresIn) {

    @Override
    public String toString() {
        return "TokenPair[tokenType=" + tokenType + ", expiresIn=" + expiresIn + "]";
    }
}
